// Working through an order stream on several threads while handing results back in input order,
// in constant memory: the reader (the calling thread) cuts the records into batches, at most
// kBatchesPerJob × jobs batches are in flight, workers turn a batch's records into results, and
// the caller consumes finished batches strictly oldest first. Whatever `jobs` is, `consume` sees
// the same results in the same order, on the calling thread.
//
//   parallel::ForEachRecordInOrder<std::string>(reader, jobs,
//       [&](const InputRecord& r) { return DecideToJson(r); },          // any thread; must not throw
//       [&](std::string&& line) { std::cout << line; return bool(std::cout); });  // false stops
//
// `work` runs concurrently with itself: it may only read shared state (a compiled policy is
// immutable and safe to share). jobs <= 1 runs everything on the calling thread, no threads.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <memory>
#include <mutex>
#include <thread>
#include <utility>
#include <vector>

#include "refund/order.h"

namespace refund::parallel {

inline constexpr size_t kBatchRecords = 64;   // records per batch: amortizes locking
inline constexpr size_t kBatchesPerJob = 4;   // in flight per worker: keeps workers fed

template <class Result, class Work, class Consume>
void ForEachRecordInOrder(OrderReader& reader, int jobs, Work&& work, Consume&& consume) {
  if (jobs <= 1) {
    while (std::optional<InputRecord> record = reader.Next())
      if (!consume(work(*record))) return;
    return;
  }
  struct Batch {
    std::vector<InputRecord> records;
    std::vector<Result> results;
    bool done = false;
  };
  std::mutex mutex;
  std::condition_variable work_ready, batch_done;
  std::deque<std::shared_ptr<Batch>> pending;   // not yet taken by a worker
  std::deque<std::shared_ptr<Batch>> in_flight; // input order, oldest first
  bool closing = false;

  auto worker = [&] {
    for (;;) {
      std::shared_ptr<Batch> batch;
      {
        std::unique_lock lock(mutex);
        work_ready.wait(lock, [&] { return closing || !pending.empty(); });
        if (pending.empty()) return;
        batch = std::move(pending.front());
        pending.pop_front();
      }
      batch->results.reserve(batch->records.size());
      for (const InputRecord& record : batch->records) batch->results.push_back(work(record));
      {
        std::lock_guard lock(mutex);
        batch->done = true;
      }
      batch_done.notify_all();
    }
  };
  std::vector<std::thread> workers;
  for (int i = 0; i < jobs; ++i) workers.emplace_back(worker);
  auto stop = [&] {
    {
      std::lock_guard lock(mutex);
      closing = true;
      pending.clear();
    }
    work_ready.notify_all();
    for (std::thread& t : workers) t.join();
  };
  // Waits for the oldest batch and consumes it; false when consume asked to stop.
  auto drain_oldest = [&] {
    std::shared_ptr<Batch> oldest;
    {
      std::unique_lock lock(mutex);
      batch_done.wait(lock, [&] { return in_flight.front()->done; });
      oldest = std::move(in_flight.front());
      in_flight.pop_front();
    }
    for (Result& result : oldest->results)
      if (!consume(std::move(result))) return false;
    return true;
  };

  const size_t max_in_flight = kBatchesPerJob * static_cast<size_t>(jobs);
  bool more = true;
  while (more) {
    auto batch = std::make_shared<Batch>();
    batch->records.reserve(kBatchRecords);
    while (batch->records.size() < kBatchRecords) {
      std::optional<InputRecord> record = reader.Next();
      if (!record) {
        more = false;
        break;
      }
      batch->records.push_back(std::move(*record));
    }
    if (!batch->records.empty()) {
      {
        std::lock_guard lock(mutex);
        pending.push_back(batch);
        in_flight.push_back(std::move(batch));
      }
      work_ready.notify_one();
    }
    while (!in_flight.empty() && (in_flight.size() >= max_in_flight || !more))
      if (!drain_oldest()) return stop();
  }
  stop();
}

}  // namespace refund::parallel
