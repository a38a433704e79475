using System.Text;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Time.Testing;

namespace ParkingGate.Storage.Tests;

/// <summary>A real SQLite file in a fresh temporary folder, removed afterwards.</summary>
internal sealed class TempDatabase : IDisposable
{
    public TempDatabase()
    {
        Folder = Directory.CreateTempSubdirectory("parkinggate-test-").FullName;
        Path = System.IO.Path.Combine(Folder, "registry.db");
        Time = new FakeTimeProvider(new DateTimeOffset(2026, 3, 2, 1, 30, 0, TimeSpan.Zero));
    }

    public string Folder { get; }

    public string Path { get; }

    public FakeTimeProvider Time { get; }

    public Task<SqliteDatabase> OpenAsync() => SqliteDatabase.OpenAsync(Path, Time);

    /// <summary>Every row of every table, in a stable text form: equal dumps mean an unchanged database.</summary>
    public string Dump()
    {
        using var connection = new SqliteConnection($"Data Source={Path};Pooling=False");
        connection.Open();
        var text = new StringBuilder();
        var tables = new List<string>();
        using (var list = connection.CreateCommand())
        {
            list.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name;";
            using var reader = list.ExecuteReader();
            while (reader.Read())
            {
                tables.Add(reader.GetString(0));
            }
        }

        foreach (var table in tables)
        {
            text.Append("# ").AppendLine(table);
            using var select = connection.CreateCommand();
            select.CommandText = $"SELECT * FROM \"{table}\" ORDER BY rowid;";
            using var reader = select.ExecuteReader();
            while (reader.Read())
            {
                for (var i = 0; i < reader.FieldCount; i++)
                {
                    text.Append(reader.IsDBNull(i) ? "NULL" : Convert.ToString(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture)).Append('|');
                }

                text.AppendLine();
            }
        }

        return text.ToString();
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(Folder, recursive: true);
    }
}
