// Working through an order stream on several threads while handing results back in input order,
// in constant memory: the reader (the calling thread) cuts the records into batches, at most
// kBatchesPerJob × jobs batches are in flight, workers turn a batch's records into its output,
// and the caller consumes finished batches strictly oldest first. Whatever `jobs` is, `consume`
// sees the same outputs in the same order, on the calling thread. Batches are recycled, records'
// text and outputs keeping their buffers, so the steady state allocates nothing here.
//
//   parallel::ForEachBatchInOrder<std::string>(reader, jobs,
//       [&](const InputRecord& r, std::string& out) { AppendDecision(r, out); },  // any thread
//       [&](std::string& lines) { return Write(lines); });                        // false stops
//
//   parallel::ForEachRecordInOrder<Result>(reader, jobs,                     // one result a record
//       [&](const InputRecord& r) { return Decide(r); },
//       [&](Result&& result) { return Use(result); });
//
// With a `flush` callback, whatever has been decided is handed to `consume`, then `flush` runs,
// whenever the reader is about to wait for input (OrderReader::SetWaitHook): the records already
// read are worked on the calling thread (older batches in flight finished first, so the order
// holds) and a line-by-line caller (a co-process) gets each answer before it writes the next.
//
// `work` runs concurrently with itself and must not throw: it may only read shared state (a
// compiled policy is immutable and safe to share). jobs <= 1 runs everything on the calling
// thread, no threads. When the system refuses a thread (std::system_error: a thread or memory
// limit), the work goes on with the threads it did get, or on the calling thread when it got none:
// the outputs are the same whatever the number.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <system_error>
#include <thread>
#include <utility>
#include <vector>

#include "refund/order.h"

namespace refund::parallel {

inline constexpr size_t kBatchRecords = 64;        // records per batch: amortizes locking and writes
inline constexpr size_t kBatchBytes = 1 << 20;     // input per batch: bounds memory when lines are long
inline constexpr size_t kBatchesPerJob = 4;        // in flight per worker: keeps workers fed
inline constexpr size_t kKeptOutputBytes = 8 << 20;  // a recycled output larger than this is freed

// Some records and what `work` made of them. records[0, size) are the batch's; the slots after
// them are spare, kept with their buffers for the next use.
template <class Output>
struct RecordBatch {
  std::vector<InputRecord> records;
  size_t size = 0;
  size_t worked = 0;  // records[0, worked) were worked and consumed early (a wait for input)
  Output output;
  bool done = false;  // guarded by the pipeline's mutex
};

// Fills `batch` with the next records (at most kBatchRecords, about kBatchBytes of text); false
// when the input had none left.
template <class Output>
bool ReadBatch(OrderReader& reader, RecordBatch<Output>& batch) {
  batch.size = 0;
  batch.worked = 0;
  size_t bytes = 0;
  while (batch.size < kBatchRecords && bytes < kBatchBytes) {
    if (batch.records.size() == batch.size) batch.records.emplace_back();
    InputRecord& record = batch.records[batch.size];
    if (!reader.Next(record)) break;
    bytes += record.text.size();
    ++batch.size;
  }
  return batch.size > 0;
}

// Empties an output for its next batch, freeing it only when one batch made it unusually large.
template <class Output>
void Recycle(Output& output) {
  output.clear();
  if (output.capacity() > kKeptOutputBytes) Output().swap(output);
}

// `work(record, output)` appends each record's result to its batch's `output` (an Output with
// clear() and capacity(), e.g. std::string); `consume(output)` gets every batch's output in input
// order and returns false to stop.
// Everything on the calling thread, batch by batch.

// Works and consumes the records of `batch` read so far and not yet worked, on the calling thread;
// false when consume asked to stop.
template <class Output, class Work, class Consume>
bool SettleEarly(RecordBatch<Output>& batch, Work& work, Consume& consume) {
  if (batch.worked == batch.size) return true;
  for (size_t i = batch.worked; i < batch.size; ++i) work(batch.records[i], batch.output);
  batch.worked = batch.size;
  const bool go_on = consume(batch.output);
  Recycle(batch.output);
  return go_on;
}

// Installs a wait hook on `reader` for as long as it lives; none when `hook` is empty.
class WaitHookScope {
 public:
  WaitHookScope(OrderReader& reader, std::function<void()> hook) : reader_(reader), set_(static_cast<bool>(hook)) {
    if (set_) reader_.SetWaitHook(std::move(hook));
  }
  ~WaitHookScope() {
    if (set_) reader_.SetWaitHook(nullptr);
  }
  WaitHookScope(const WaitHookScope&) = delete;
  WaitHookScope& operator=(const WaitHookScope&) = delete;

 private:
  OrderReader& reader_;
  bool set_;
};

template <class Output, class Work, class Consume>
void ForEachBatchInline(OrderReader& reader, Work&& work, Consume&& consume, const std::function<void()>& flush) {
  RecordBatch<Output> batch;
  bool stopped = false;
  WaitHookScope hook(reader, flush ? std::function<void()>([&] {
    if (!stopped && !SettleEarly(batch, work, consume)) stopped = true;
    flush();
  }) : nullptr);
  while (!stopped && ReadBatch(reader, batch)) {
    for (size_t i = batch.worked; i < batch.size; ++i) work(batch.records[i], batch.output);
    const bool go_on = consume(batch.output);
    Recycle(batch.output);
    if (!go_on) return;
  }
}

// Starts up to `jobs` threads running `worker`; fewer (maybe none) when the system refuses one.
template <class Worker>
std::vector<std::thread> StartWorkers(int jobs, Worker& worker) {
  std::vector<std::thread> workers;
  workers.reserve(static_cast<size_t>(jobs));
  for (int i = 0; i < jobs; ++i) {
    try {
      workers.emplace_back(worker);
    } catch (const std::system_error&) {
      break;
    }
  }
  return workers;
}

template <class Output, class Work, class Consume>
void ForEachBatchInOrder(OrderReader& reader, int jobs, Work&& work, Consume&& consume,
                         const std::function<void()>& flush = nullptr) {
  using Batch = RecordBatch<Output>;
  if (jobs <= 1) return ForEachBatchInline<Output>(reader, work, consume, flush);
  std::mutex mutex;
  std::condition_variable work_ready, batch_done;
  std::deque<Batch*> pending;    // not yet taken by a worker
  std::deque<Batch*> in_flight;  // input order, oldest first
  bool closing = false;
  // Every batch ever made, and those free for reuse (both touched only by the calling thread).
  std::vector<std::unique_ptr<Batch>> batches;
  std::vector<Batch*> spare;

  auto worker = [&] {
    for (;;) {
      Batch* batch;
      {
        std::unique_lock lock(mutex);
        work_ready.wait(lock, [&] { return closing || !pending.empty(); });
        if (pending.empty()) return;
        batch = pending.front();
        pending.pop_front();
      }
      for (size_t i = batch->worked; i < batch->size; ++i) work(batch->records[i], batch->output);
      {
        std::lock_guard lock(mutex);
        batch->done = true;
      }
      batch_done.notify_one();  // only the calling thread waits for it
    }
  };
  std::vector<std::thread> workers = StartWorkers(jobs, worker);
  if (workers.empty()) return ForEachBatchInline<Output>(reader, work, consume, flush);
  jobs = static_cast<int>(workers.size());
  auto stop = [&] {
    {
      std::lock_guard lock(mutex);
      closing = true;
      pending.clear();
    }
    work_ready.notify_all();
    for (std::thread& t : workers) t.join();
  };
  // Waits for the oldest batch, consumes it and keeps it for reuse; false when consume asked to stop.
  auto drain_oldest = [&] {
    Batch* oldest;
    {
      std::unique_lock lock(mutex);
      batch_done.wait(lock, [&] { return in_flight.front()->done; });
      oldest = in_flight.front();
      in_flight.pop_front();
    }
    const bool go_on = consume(oldest->output);
    Recycle(oldest->output);
    spare.push_back(oldest);
    return go_on;
  };

  // Before a wait for input: every batch in flight, then what the batch being read holds so far.
  Batch* reading = nullptr;
  bool stopped = false;
  WaitHookScope hook(reader, flush ? std::function<void()>([&] {
    while (!stopped && !in_flight.empty())
      if (!drain_oldest()) stopped = true;
    if (!stopped && reading && !SettleEarly(*reading, work, consume)) stopped = true;
    flush();
  }) : nullptr);

  const size_t max_in_flight = kBatchesPerJob * static_cast<size_t>(jobs);
  for (;;) {
    if (spare.empty()) {
      batches.push_back(std::make_unique<Batch>());
      spare.push_back(batches.back().get());
    }
    // Taken from `spare` before reading: the wait hook may hand finished batches back to it.
    Batch* batch = reading = spare.back();
    spare.pop_back();
    const bool more = ReadBatch(reader, *batch);
    reading = nullptr;
    if (!more) spare.push_back(batch);
    if (stopped) return stop();
    if (!more) break;
    batch->done = false;
    {
      std::lock_guard lock(mutex);
      pending.push_back(batch);
      in_flight.push_back(batch);
    }
    work_ready.notify_one();
    while (in_flight.size() >= max_in_flight)
      if (!drain_oldest()) return stop();
  }
  while (!in_flight.empty())
    if (!drain_oldest()) return stop();
  stop();
}

// One Result per record: `work(record)` makes it on any thread, `consume(std::move(result))` gets
// them in input order on the calling thread and returns false to stop.
template <class Result, class Work, class Consume>
void ForEachRecordInOrder(OrderReader& reader, int jobs, Work&& work, Consume&& consume) {
  ForEachBatchInOrder<std::vector<Result>>(
      reader, jobs,
      [&](const InputRecord& record, std::vector<Result>& results) { results.push_back(work(record)); },
      [&](std::vector<Result>& results) {
        for (Result& result : results)
          if (!consume(std::move(result))) return false;
        return true;
      });
}

}  // namespace refund::parallel
