using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using ParkingGate.Devices.Mqtt;

namespace ParkingGate.Host.Tests;

/// <summary>A fresh working folder with the shipped config copied in, removed afterwards.</summary>
internal sealed class TestFolder : IDisposable
{
    public TestFolder()
    {
        Root = Directory.CreateTempSubdirectory("parkinggate-cli-").FullName;
        var shipped = Path.Combine(TestContext.CurrentContext.TestDirectory, "config");
        foreach (var file in Directory.EnumerateFiles(shipped, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(Root, "config", Path.GetRelativePath(shipped, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }

    public string Root { get; }

    public string Config => Path.Combine(Root, "config", "parkinggate.json");

    public string Database => Path.Combine(Root, "data", "test.db");

    /// <summary>Reads the config as JSON, lets <paramref name="change"/> edit it, and writes it back.</summary>
    public void EditConfig(Action<JsonNode> change)
    {
        var json = JsonNode.Parse(File.ReadAllText(Config), documentOptions: new() { CommentHandling = JsonCommentHandling.Skip })!;
        change(json);
        File.WriteAllText(Config, json.ToJsonString());
    }

    /// <summary>
    /// Sets the config's broker to the embedded one on a free loopback port, with one Vzenith camera account per lane
    /// (user <c>cam-LANE</c>, serial <c>sn-LANE</c>), each with <paramref name="password"/>.
    /// </summary>
    public void UseEmbeddedBroker(string password, params string[] lanes) => EditConfig(json => json["mqtt"] = EmbeddedBroker(password, lanes));

    /// <summary>The <c>mqtt</c> section <see cref="UseEmbeddedBroker"/> writes.</summary>
    public static JsonObject EmbeddedBroker(string password, params string[] lanes)
    {
        var hash = DevicePassword.Hash(password);
        var devices = new JsonArray([.. lanes.Select(lane => (JsonNode)new JsonObject
        {
            ["userName"] = $"cam-{lane}", ["passwordHash"] = hash, ["kind"] = "vzenith", ["id"] = $"sn-{lane}",
        })]);
        return new JsonObject { ["embedded"] = true, ["bind"] = "127.0.0.1", ["port"] = 0, ["devices"] = devices };
    }

    public string Write(string name, string text)
    {
        var path = Path.Combine(Root, name);
        File.WriteAllText(path, text);
        return path;
    }

    public string Write(string name, byte[] bytes)
    {
        var path = Path.Combine(Root, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(Root, recursive: true);
    }
}
