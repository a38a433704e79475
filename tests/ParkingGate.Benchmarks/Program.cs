using BenchmarkDotNet.Running;

// Every benchmark of the project; pick with --filter, e.g. --filter '*PlateMatcher*'.
BenchmarkSwitcher.FromAssembly(typeof(ParkingGate.Benchmarks.PlateMatcherBenchmarks).Assembly).Run(args);
