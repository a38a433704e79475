using Dapper;

namespace ParkingGate.Storage.Cameras;

/// <summary>The record numbers cameras give the plates on their lists (Dahua removes an entry by it, not by the plate).</summary>
public sealed partial class CameraListStore
{
    /// <summary>The record number camera <paramref name="camera"/> gave <paramref name="plate"/> on its list, or null.</summary>
    public async Task<string?> RecordNumberAsync(string camera, string plate, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<string?>("SELECT record_no FROM camera_list_records WHERE camera = @camera AND plate = @plate;", new { camera, plate });
    }

    /// <summary>Keeps the record number the camera gave a plate (null: the plate is off its list).</summary>
    public Task SetRecordNumberAsync(string camera, string plate, string? recordNumber, CancellationToken cancellationToken = default) =>
        database.WriteAsync(async (connection, transaction) =>
        {
            await connection.ExecuteAsync(recordNumber is null
                ? "DELETE FROM camera_list_records WHERE camera = @camera AND plate = @plate;"
                : "INSERT INTO camera_list_records (camera, plate, record_no, added_utc) VALUES (@camera, @plate, @recordNumber, @now) ON CONFLICT (camera, plate) DO UPDATE SET record_no = excluded.record_no, added_utc = excluded.added_utc;",
                new { camera, plate, recordNumber, now = Instants.ToText(time.GetUtcNow()) }, transaction);
            return true;
        }, _ => true, cancellationToken);
}
