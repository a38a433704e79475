using ParkingGate.Domain.Plates;
using ParkingGate.Domain.Tariffs;
using ParkingGate.Storage;
using ParkingGate.Storage.Ledger;
using ParkingGate.Storage.Stays;

// Usage: PaymentBurst DB ESTATE TARIFF FIRST COUNT
// For each i: a visitor enters, reaches the exit owing a fee, and the terminal reports a WeChat payment with
// reference burst-i. "acked burst-i" is printed only after the payment is committed: that is the moment the
// gate would be told to open. The durability test kills this process at a random point.
var (path, estate, tariffFile) = (args[0], args[1], args[2]);
var (first, count) = (int.Parse(args[3], System.Globalization.CultureInfo.InvariantCulture), int.Parse(args[4], System.Globalization.CultureInfo.InvariantCulture));
var time = TimeProvider.System;
var database = await SqliteDatabase.OpenAsync(path, time);
var stays = new StayStore(database, time, new LedgerStore(database, time, estate));
var tariffs = new TariffBook([TariffParser.Parse(File.ReadAllBytes(tariffFile), TimeZoneInfo.FindSystemTimeZoneById).Value!]);
for (var i = first; i < first + count; i++)
{
    var plate = Plate.Parse($"湘A{i:00000}");
    var now = time.GetUtcNow();
    var entered = await stays.EnterAsync(new StayEntry(plate, VehicleClass.Small, "in-1", now.AddHours(-3), $"in-{i}", false), "camera");
    var exited = await stays.ExitAsync(new StayExit(plate, VehicleClass.Small, "out-1", now, $"out-{i}"), tariffs, "camera");
    var request = await stays.RequestPaymentAsync(entered.Value!.Id);
    var paid = await stays.RecordTerminalPaymentAsync(request.Value!.RequestId, "wechat", $"burst-{i}", exited.Value!.Stay.DueFen!.Value, "terminal");
    if (!paid.IsSuccess)
    {
        await Console.Error.WriteLineAsync($"payment {i} failed: {paid.Problem.Message}");
        return 1;
    }

    await Console.Out.WriteLineAsync($"acked burst-{i}");
    await Console.Out.FlushAsync();
}

return 0;
