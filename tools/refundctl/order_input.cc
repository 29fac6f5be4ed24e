// Order input for subcommands: options -> OrderSettings, and opening and reading ORDERS.
#include "tools/refundctl/order_input.h"

#include <poll.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <iostream>

#include "engine/source/read_file.h"

namespace refundctl {

void AddOrderInputOptions(CLI::App& command, OrderInputOptions& options) {
  command.add_option("--currency", options.currency,
                     "the policy's currency (ISO 4217): orders in another currency are invalid");
  command.add_option("--alias", options.aliases,
                     "a payment-type alias, e.g. postpaid=pay_as_you_go (repeatable)")
      ->type_name("ALIAS=CANONICAL")
      ->expected(1)  // one value per --alias, so a following ORDERS is not taken as an alias
      ->allow_extra_args(false)
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
  command.add_option("orders", options.path, "orders as JSON Lines or one JSON array; - for stdin")
      ->type_name("ORDERS");
}

refund::OrderSettings MakeOrderSettings(const OrderInputOptions& options) {
  refund::OrderSettings settings;
  if (!options.currency.empty()) {
    settings.currency = refund::Currency::Find(options.currency);
    if (!settings.currency) {
      throw CLI::ValidationError("--currency", "unknown currency `" + options.currency + "`");
    }
  }
  for (const std::string& alias : options.aliases) {
    size_t eq = alias.find('=');
    if (eq == 0 || eq == std::string::npos || eq + 1 == alias.size()) {
      throw CLI::ValidationError("--alias", "expected ALIAS=CANONICAL, got `" + alias + "`");
    }
    settings.payment_type_aliases[alias.substr(0, eq)] = alias.substr(eq + 1);
  }
  return settings;
}

// Reads a descriptor with read(2): the order reader asks for 64 KiB at a time, which go straight
// into its buffer. EINTR is retried, a non-blocking standard input waited for; any other failure
// ends the stream and is kept in error().
class OrderStreamBuffer : public std::streambuf {
 public:
  OrderStreamBuffer(int fd, bool owned) : fd_(fd), owned_(owned), buffer_(kBufferBytes) {}
  ~OrderStreamBuffer() override {
    if (owned_) ::close(fd_);
  }
  int error() const { return error_; }

 protected:
  int_type underflow() override {
    const ssize_t n = Read(buffer_.data(), buffer_.size());
    if (n <= 0) return traits_type::eof();
    setg(buffer_.data(), buffer_.data(), buffer_.data() + n);
    return traits_type::to_int_type(buffer_[0]);
  }

  // Returns what one read(2) gives (after any bytes already buffered), not `size` bytes: on a
  // pipe or terminal that is what has come so far, so a co-process's line is answered at once.
  // 0 only at the end (or after a failure).
  std::streamsize xsgetn(char* data, std::streamsize size) override {
    std::streamsize got = 0;
    while (got < size) {
      if (gptr() < egptr()) {
        const std::streamsize n = std::min<std::streamsize>(size - got, egptr() - gptr());
        std::memcpy(data + got, gptr(), static_cast<size_t>(n));
        gbump(static_cast<int>(n));
        got += n;
        continue;
      }
      if (got > 0) break;  // the next read might wait: hand over what has come
      if (size < static_cast<std::streamsize>(buffer_.size())) {
        if (traits_type::eq_int_type(underflow(), traits_type::eof())) break;
        continue;
      }
      const ssize_t n = Read(data, static_cast<size_t>(size));
      if (n > 0) got = n;
      break;
    }
    return got;
  }

  // 1 when a read would not wait (bytes ready, the end, or a regular file), 0 when it might.
  // Input that comes within kIdleMillis counts as ready: a writer refilling a pipe (`cat … |`)
  // leaves it empty for moments, and treating each as a wait would flush half-read batches and
  // serialise --jobs; a co-process's answer comes at most that much later.
  std::streamsize showmanyc() override {
    if (error_ != 0) return -1;
    pollfd ready{fd_, POLLIN, 0};
    return ::poll(&ready, 1, kIdleMillis) > 0 ? 1 : 0;
  }

 private:
  static constexpr size_t kBufferBytes = 64 * 1024;
  static constexpr int kIdleMillis = 2;

  ssize_t Read(char* data, size_t size) {
    if (error_ != 0) return -1;
    for (;;) {
      const ssize_t n = ::read(fd_, data, size);
      if (n >= 0) return n;
      if (errno == EINTR) continue;
      if (errno == EAGAIN || errno == EWOULDBLOCK) {  // a non-blocking stdin: wait for data
        pollfd ready{fd_, POLLIN, 0};
        ::poll(&ready, 1, -1);
        continue;
      }
      error_ = errno;
      return -1;
    }
  }

  int fd_;
  bool owned_;
  int error_ = 0;
  std::vector<char> buffer_;
};

namespace {

std::string Shown(const std::string& path) { return path == "-" ? "standard input" : "`" + path + "`"; }

}  // namespace

OrdersInput::OrdersInput(std::string path, int fd)
    : path_(std::move(path)), buffer_(std::make_unique<OrderStreamBuffer>(fd, path_ != "-")), stream_(buffer_.get()) {}

OrdersInput::~OrdersInput() = default;

bool OrdersInput::ReadToEnd() const {
  if (buffer_->error() == 0) return true;
  std::string why = std::strerror(buffer_->error());
  why[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(why[0])));
  std::cerr << "refundctl: cannot read ORDERS " << Shown(path_) << " to its end: " << why << "\n";
  return false;
}

std::unique_ptr<OrdersInput> OpenOrders(const std::string& path) {
  if (path == "-") {
    if (std::optional<std::string> why = refund::source::CheckStandardInput(0)) {
      std::cerr << "refundctl: ORDERS standard input " << *why << "\n";
      return nullptr;
    }
    return std::make_unique<OrdersInput>(path, 0);
  }
  refund::source::InputStream opened = refund::source::OpenInputStream(path);
  if (!opened.ok()) {
    std::cerr << "refundctl: ORDERS " << Shown(path) << " " << opened.reason << "\n";
    return nullptr;
  }
  return std::make_unique<OrdersInput>(path, opened.fd);
}

}  // namespace refundctl
