using System.Globalization;
using ParkingGate.Simulator;

// parkinggate-sim: plays Vzenith cameras (with their barriers and voice boards) against a running ParkingGate,
// or (parkinggate-sim serial ...) serial devices on pseudo-terminals: see ParkingGate.Simulator.Serial.SerialMode.
// Usage: parkinggate-sim --port 1883 --camera in-1=sn-in-1:user:password --camera out-1=sn-out-1:user:password
//        [--host 127.0.0.1] [--scenario FILE | --random SEED:CARS | --load RATE:SECONDS --plates FILE] [--speed 10]
//        [--start 2026-03-02T07:00+08:00]
var serialMode = args.Length > 0 && args[0] == "serial";
var options = new Dictionary<string, List<string>>(StringComparer.Ordinal);
for (var i = serialMode ? 1 : 0; i + 1 < args.Length; i += 2)
{
    if (!options.TryGetValue(args[i], out var values))
    {
        options[args[i]] = values = [];
    }

    values.Add(args[i + 1]);
}

if (serialMode)
{
    return await ParkingGate.Simulator.Serial.SerialMode.RunAsync(options, Console.In, Console.Out);
}

string One(string name, string fallback) => options.TryGetValue(name, out var v) ? v[^1] : fallback;
if (!options.TryGetValue("--camera", out var cameraSpecs) || !options.ContainsKey("--port"))
{
    await Console.Error.WriteLineAsync("usage: parkinggate-sim --port PORT --camera LANE=SN:USER:PASSWORD ... [--scenario FILE | --random SEED:CARS] [--speed N] [--start ISO]");
    return 2;
}

var zone = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");
var start = DateTimeOffset.Parse(One("--start", "2026-03-02T07:00:00+08:00"), CultureInfo.InvariantCulture);
var time = new ScaledTimeProvider(start, double.Parse(One("--speed", "10"), CultureInfo.InvariantCulture));
var cameras = new Dictionary<string, SimulatedVzenithCamera>(StringComparer.Ordinal);
foreach (var spec in cameraSpecs)
{
    var (lane, rest) = (spec[..spec.IndexOf('=', StringComparison.Ordinal)], spec[(spec.IndexOf('=', StringComparison.Ordinal) + 1)..].Split(':', 3));
    var camera = await SimulatedVzenithCamera.ConnectAsync(One("--host", "127.0.0.1"), int.Parse(One("--port", "1883"), CultureInfo.InvariantCulture), rest[1], rest[2], rest[0], lane, time);
    camera.Spoke += (l, text) => Console.WriteLine($"{time.GetUtcNow().ToOffset(zone.BaseUtcOffset):HH:mm:ss} {l,-6} 播报 {text}");
    cameras[lane] = camera;
}

if (options.TryGetValue("--load", out var load))
{
    // --load RATE:SECONDS --plates FILE: steady reads of plates the gate opens for; prints read -> relay latency.
    var parts = load[^1].Split(':');
    var plates = (await File.ReadAllLinesAsync(One("--plates", "plates.txt"))).Where(l => l.Trim().Length > 0).Select(l => l.Trim()).ToList();
    foreach (var camera in cameras.Values)
    {
        camera.Log.Clear();
    }

    var result = await LoadMode.RunAsync([.. cameras.Values], plates, double.Parse(parts[0], CultureInfo.InvariantCulture), double.Parse(parts[1], CultureInfo.InvariantCulture));
    Console.WriteLine(LoadMode.Describe(result));
    return result.Answered > 0 ? 0 : 1;
}

IReadOnlyList<ScenarioStep> steps;
if (options.TryGetValue("--scenario", out var file))
{
    if (!Scenario.TryParse(await File.ReadAllTextAsync(file[^1]), out var parsed, out var error))
    {
        await Console.Error.WriteLineAsync($"scenario '{file[^1]}': {error}");
        return 2;
    }

    steps = parsed;
}
else
{
    var seedCars = One("--random", "1:20").Split(':');
    steps = RandomTraffic.Generate(int.Parse(seedCars[0], CultureInfo.InvariantCulture), [], int.Parse(seedCars[1], CultureInfo.InvariantCulture),
        TimeOnly.FromDateTime(start.ToOffset(zone.BaseUtcOffset).DateTime), TimeOnly.FromDateTime(start.ToOffset(zone.BaseUtcOffset).DateTime).AddHours(2), cameras.Keys.First(), cameras.Keys.Last());
}

var player = new ScenarioPlayer(cameras.ToDictionary(c => c.Key, c => (ILaneCamera)c.Value, StringComparer.Ordinal), time, zone);
player.Playing += step => Console.WriteLine($"{step.At:HH:mm:ss} {step.Lane,-6} 识别 {step.Plate} ({step.Confidence}) {step.Note}");
await player.PlayAsync(DateOnly.FromDateTime(start.ToOffset(zone.BaseUtcOffset).DateTime), steps);
await Task.Delay(TimeSpan.FromSeconds(30), time);
foreach (var camera in cameras.Values)
{
    await camera.DisposeAsync();
}

return 0;
