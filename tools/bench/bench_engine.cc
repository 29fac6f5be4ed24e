// Engine micro-benchmarks (Google Benchmark), run by `make bench` (tools/bench/run.sh):
//   compile/<policy>           CompilePolicy of each shipped policy, from disk
//   eval/<policy>/<mode>       Evaluate over pre-parsed generated orders, one thread, the whole set
//                              per iteration; mode `default` (no sinks) or `trace` (a TraceSink)
//   latency/<policy>/<mode>    the same orders timed one by one, three passes pooled: p50, p99
//                              and max ns per order
//   scale/<policy>             cloud-cn and the generated 1,000-variant policy on one order set
//                              whose items partly carry the variants' products (p0001..p1000)
//   parse/cloud-cn             ParseOrder over the generated order lines with cloud-cn's settings
//
//   bench_engine [--orders N] [--variants DIR] [benchmark flags...]
// --variants names the directory tools/bench/make_variant_policy.py wrote; without it the scale
// benchmarks are skipped. Orders come from samples/profiles/cloud.yaml, seed 3, as `refundctl gen`.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "engine/eval/trace.h"
#include "engine/gen/order_generator.h"
#include "engine/gen/profile.h"
#include "refund/policy.h"

namespace {

struct Loaded {
  std::string name;
  std::shared_ptr<const refund::CompiledPolicy> policy;
  std::vector<refund::Order> orders;  // the generated orders valid under this policy
};

std::vector<std::string> GeneratedLines(int64_t count) {
  refund::gen::ProfileResult profile = refund::gen::ReadProfile("samples/profiles/cloud.yaml");
  if (!profile.ok()) {
    std::cerr << "bench_engine: cannot read samples/profiles/cloud.yaml (run from the repository root)\n";
    std::exit(2);
  }
  return refund::gen::OrderGenerator(profile.value(), 3, 0).Lines(count);
}

std::shared_ptr<const refund::CompiledPolicy> Compile(const std::string& path) {
  refund::CompileResult compiled = refund::CompilePolicy(path);
  if (!compiled.ok()) {
    std::cerr << "bench_engine: policy " << path << " does not compile\n";
    std::exit(2);
  }
  return compiled.shared();
}

Loaded Load(const std::string& name, const std::string& path, const std::vector<std::string>& lines) {
  Loaded loaded{name, Compile(path), {}};
  refund::OrderSettings settings = refund::OrderSettingsOf(*loaded.policy);
  for (const std::string& line : lines) {
    refund::OrderResult order = refund::ParseOrder(line, settings);
    if (order.ok()) loaded.orders.push_back(order.value());
  }
  return loaded;
}

// Every other top-level item gets one of the variants' products, spread evenly.
std::vector<refund::Order> WithVariantProducts(std::vector<refund::Order> orders, int variants) {
  int64_t next = 0;
  for (refund::Order& order : orders)
    for (refund::Item& item : order.items)
      if (item.parent_index < 0 && (next++ % 2) == 0)
        item.product = fmt::format("p{:04d}", 1 + (next * 7919) % variants);
  return orders;
}

refund::EvalOptions Options(bool trace, refund::eval::TraceSink* sink) {
  refund::EvalOptions options;
  if (trace) options.trace = sink;
  return options;
}

void EvalThroughput(benchmark::State& state, const refund::CompiledPolicy* policy,
                    const std::vector<refund::Order>* orders, bool trace) {
  refund::Decision d;  // reused, as a hot loop would: see Evaluate(..., Decision&)
  for (auto _ : state) {
    for (const refund::Order& order : *orders) {
      refund::eval::TraceSink sink;
      refund::Evaluate(*policy, order, Options(trace, &sink), d);
      benchmark::DoNotOptimize(d);
    }
  }
  const double n = static_cast<double>(state.iterations()) * static_cast<double>(orders->size());
  state.SetItemsProcessed(static_cast<int64_t>(n));
  state.counters["ns/order"] = benchmark::Counter(n, benchmark::Counter::kIsRate | benchmark::Counter::kInvert);
  state.counters["orders"] = static_cast<double>(orders->size());
}

void EvalLatency(benchmark::State& state, const refund::CompiledPolicy* policy,
                 const std::vector<refund::Order>* orders, bool trace) {
  // Every pass's timings are pooled, so that one burst of noise on the machine moves the
  // percentiles less than it would in a single pass.
  std::vector<int64_t> ns;
  ns.reserve(orders->size() * static_cast<size_t>(state.max_iterations));
  refund::Decision d;
  for (auto _ : state) {
    for (const refund::Order& order : *orders) {
      const auto start = std::chrono::steady_clock::now();
      if (trace) {  // a fresh sink per order, as in eval/<policy>/trace
        refund::eval::TraceSink sink;
        refund::Evaluate(*policy, order, Options(true, &sink), d);
      } else {
        refund::Evaluate(*policy, order, Options(false, nullptr), d);
      }
      benchmark::DoNotOptimize(d);
      ns.push_back(std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now() - start).count());
    }
  }
  std::sort(ns.begin(), ns.end());
  auto at = [&](double q) { return static_cast<double>(ns[std::min(ns.size() - 1, static_cast<size_t>(q * ns.size()))]); };
  state.counters["p50_ns"] = at(0.50);
  state.counters["p99_ns"] = at(0.99);
  state.counters["max_ns"] = static_cast<double>(ns.back());
}

// ParseOrder over every line, the whole set per iteration: ns/order and bytes/s (MB/s).
void ParseThroughput(benchmark::State& state, refund::OrderSettings settings,
                     const std::vector<std::string>* lines) {
  int64_t bytes = 0;
  for (const std::string& line : *lines) bytes += static_cast<int64_t>(line.size());
  for (auto _ : state) {
    for (const std::string& line : *lines) {
      refund::OrderResult order = refund::ParseOrder(line, settings);
      benchmark::DoNotOptimize(order);
    }
  }
  const double n = static_cast<double>(state.iterations()) * static_cast<double>(lines->size());
  state.SetItemsProcessed(static_cast<int64_t>(n));
  state.SetBytesProcessed(state.iterations() * bytes);
  state.counters["ns/order"] = benchmark::Counter(n, benchmark::Counter::kIsRate | benchmark::Counter::kInvert);
}

void CompileBench(benchmark::State& state, std::string path) {
  for (auto _ : state) {
    refund::CompileResult compiled = refund::CompilePolicy(path);
    benchmark::DoNotOptimize(compiled);
    if (!compiled.ok()) state.SkipWithError("does not compile");
  }
}

std::vector<std::string> ShippedPolicies() {
  std::vector<std::string> out;
  for (const auto& entry : std::filesystem::directory_iterator("rules"))
    if (entry.is_directory() && (std::filesystem::exists(entry.path() / "policy.yaml") ||
                                 std::filesystem::exists(entry.path() / "versions.yaml")))
      out.push_back(entry.path().filename().string());
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  int64_t order_count = 20000;
  std::string variants_dir;
  std::vector<char*> rest{argv[0]};
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--orders") == 0 && i + 1 < argc) order_count = std::atoll(argv[++i]);
    else if (std::strcmp(argv[i], "--variants") == 0 && i + 1 < argc) variants_dir = argv[++i];
    else rest.push_back(argv[i]);
  }
  int rest_argc = static_cast<int>(rest.size());
  benchmark::Initialize(&rest_argc, rest.data());

  const std::vector<std::string> lines = GeneratedLines(order_count);
  static std::vector<Loaded> loaded;  // outlives the registered benchmarks
  loaded.reserve(4);
  for (const std::string& name : ShippedPolicies()) {
    benchmark::RegisterBenchmark(("compile/" + name).c_str(), CompileBench, "rules/" + name)->Unit(benchmark::kMillisecond);
    loaded.push_back(Load(name, "rules/" + name, lines));
  }
  if (!variants_dir.empty())
    benchmark::RegisterBenchmark("compile/cloud-cn-1000-variants", CompileBench, variants_dir)->Unit(benchmark::kMillisecond);
  for (const Loaded& l : loaded) {
    for (bool trace : {false, true}) {
      const std::string mode = trace ? "trace" : "default";
      benchmark::RegisterBenchmark(("eval/" + l.name + "/" + mode).c_str(), EvalThroughput, l.policy.get(), &l.orders, trace)
          ->Unit(benchmark::kMillisecond);
      benchmark::RegisterBenchmark(("latency/" + l.name + "/" + mode).c_str(), EvalLatency, l.policy.get(), &l.orders, trace)
          ->Unit(benchmark::kMillisecond)->Iterations(3);
    }
  }
  for (const Loaded& l : loaded)
    if (l.name == "cloud-cn")
      benchmark::RegisterBenchmark("parse/cloud-cn", ParseThroughput, refund::OrderSettingsOf(*l.policy), &lines)
          ->Unit(benchmark::kMillisecond);
  static std::shared_ptr<const refund::CompiledPolicy> cloud_cn, variant_policy;
  static std::vector<refund::Order> scale_orders;
  if (!variants_dir.empty()) {
    cloud_cn = Compile("rules/cloud-cn");
    variant_policy = Compile(variants_dir);
    const auto it = std::find_if(loaded.begin(), loaded.end(), [](const Loaded& l) { return l.name == "cloud-cn"; });
    if (it != loaded.end()) scale_orders = WithVariantProducts(it->orders, 1000);
    benchmark::RegisterBenchmark("scale/cloud-cn", EvalThroughput, cloud_cn.get(), &scale_orders, false)
        ->Unit(benchmark::kMillisecond);
    benchmark::RegisterBenchmark("scale/cloud-cn-1000-variants", EvalThroughput, variant_policy.get(), &scale_orders, false)
        ->Unit(benchmark::kMillisecond);
  }
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
