using BenchmarkDotNet.Running;
using ParkingGate.Benchmarks;

// Every benchmark of the project; pick with --filter, e.g. --filter '*PlateMatcher*'.
// `gate-load [LANES] [READS_PER_SECOND] [SECONDS]` runs the gate's load test instead (read→relay latency next to a
// bare MQTT echo through the same broker, and the process's memory).
if (args is ["gate-load", ..])
{
    return await GateLoad.RunAsync(args[1..]);
}

// `http-load [LANES] [READS_PER_SECOND] [SECONDS]`: the same over HTTP push (Vzenith cameras POSTing reads and waiting
// for the reply that opens), next to a bare ASP.NET Core endpoint answering the same sizes, and the service's RSS.
if (args is ["http-load", ..])
{
    return await HttpLoad.RunAsync(args[1..]);
}

// `fuzz [N]`: every parser fed N random and mutated inputs; counts printed, exit 1 if an exception escaped.
if (args is ["fuzz", ..])
{
    return Fuzz.Run(args[1..]);
}

// `report-bench [STAYS] [ENTRIES]`: a generated year, then a monthly report and the year's .xlsx export, timed.
if (args is ["report-bench", ..])
{
    return await ReportBench.RunAsync(args[1..]);
}

// `soak [DAYS] [SPEED] [VISITS]`: the gate lives through DAYS simulated days over 4 lanes; exit 1 if memory grew, the
// ledger or its day digests fail, a stay is left unaccounted, or the ledger's money is not the booth's.
if (args is ["soak", ..])
{
    return await Soak.RunAsync(args[1..]);
}

// `lists [CHANGES] [LOSS] [RESIDENTS]`: the cameras' own lists over 4 simulated cameras: a full sync, single changes
// timed, then CHANGES changes with LOSS of the answers lost; exit 1 unless every list ends equal to the registry.
if (args is ["lists", ..])
{
    return await ListSync.RunAsync(args[1..]);
}

// `cold-start [RUNS] [STAYS] [ENTRIES]`: `parkinggate run` started cold RUNS times (each ended by SIGKILL) on a
// database with a generated year; the time until the broker takes a camera and until its first relay command.
if (args is ["cold-start", ..])
{
    return await ColdStart.RunAsync(args[1..]);
}

BenchmarkSwitcher.FromAssembly(typeof(PlateMatcherBenchmarks).Assembly).Run(args);
return 0;
