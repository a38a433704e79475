using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging.Abstractions;
using ParkingGate.Gate;
using ParkingGate.Host.Configuration;
using ParkingGate.Simulator;
using ParkingGate.Storage;

namespace ParkingGate.Host.Tests.Http;

/// <summary>A folder whose lanes have cameras that push over HTTP to the device listener on loopback.</summary>
public abstract class HttpPushFixture : FolderFixture
{
    protected const string EntrySecret = "entry-secret-0123456789";
    protected const string ExitSecret = "exit-secret-0123456789ab";

    /// <summary>A TCP port free right now (the listener must come back on the same one after a restart).</summary>
    protected static int FreePort() => LoopbackPorts.Free();

    /// <summary>
    /// in-1 and out-1 on <paramref name="kind"/> cameras sn-in-1 and sn-out-1 pushing to the listener on
    /// <paramref name="port"/>; the broker embedded with no device; <paramref name="change"/> edits the rest.
    /// </summary>
    protected void UseHttpCameras(string kind, int port, Action<JsonNode>? change = null) => Folder.EditConfig(json =>
    {
        json["mqtt"] = new JsonObject { ["embedded"] = true, ["bind"] = "127.0.0.1", ["port"] = 0, ["devices"] = new JsonArray() };
        json["http"] = new JsonObject
        {
            ["bind"] = "127.0.0.1", ["port"] = port, ["headerTimeoutSeconds"] = 2, ["requestTimeoutSeconds"] = 3, ["maxBodyKb"] = 64,
            ["devices"] = new JsonArray(
                new JsonObject { ["kind"] = kind, ["id"] = "sn-in-1", ["secret"] = EntrySecret },
                new JsonObject { ["kind"] = kind, ["id"] = "sn-out-1", ["secret"] = ExitSecret }),
        };
        foreach (var (lane, sn) in new[] { (0, "sn-in-1"), (1, "sn-out-1") })
        {
            json["lanes"]![lane]!["camera"] = new JsonObject { ["kind"] = kind, ["id"] = sn };
        }

        change?.Invoke(json);
    });

    /// <summary>Gives the cameras of <see cref="UseHttpCameras"/> the address, account and board-less lanes of cameras the gate calls.</summary>
    protected void CallCameras(Uri entry, Uri exit, string user, string password) => Folder.EditConfig(json =>
    {
        foreach (var (i, address) in new[] { (0, entry), (1, exit) })
        {
            var device = json["http"]!["devices"]![i]!;
            device["address"] = address.GetLeftPart(UriPartial.Authority);
            device["user"] = user;
            device["password"] = password;
            json["lanes"]![i]!["display"] = "none";
        }
    });

    /// <summary>The gate of the folder's config, on its database file.</summary>
    protected async Task<(GateRuntime Gate, SqliteDatabase Database)> StartGateAsync()
    {
        var (options, tariffs) = ConfigLoader.Load(Folder.Config);
        var database = await SqliteDatabase.OpenAsync(Folder.Database, TimeProvider.System);
        return (await GateRuntime.StartAsync(options.ToGateSettings(), tariffs, database, TimeProvider.System, NullLogger.Instance), database);
    }

    protected static Uri PushUrl(int port, string secret) => new($"http://127.0.0.1:{port}/push/{secret}");

    protected static Task UntilAsync(Func<Task<bool>> condition, string what, int seconds = 20) => Until.TrueAsync(condition, what, seconds);
}
