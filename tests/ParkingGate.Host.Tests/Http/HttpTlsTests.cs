using System.Security.Cryptography.X509Certificates;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using ParkingGate.Gate;
using ParkingGate.Host.Configuration;
using ParkingGate.Host.Tests.Security;
using ParkingGate.Simulator;
using ParkingGate.Storage;

namespace ParkingGate.Host.Tests.Http;

/// <summary>The device listener with TLS on: https only, with the installer's PEM certificate, which the camera pins.</summary>
public sealed class HttpTlsTests : HttpPushFixture
{
    [Test]
    public async Task With_tls_on_the_listener_speaks_https_only_with_the_installers_certificate()
    {
        var port = FreePort();
        var (crt, key) = TestCertificates.Write(Path.Combine(Folder.Root, "config"), "listener");
        UseHttpCameras("vzenith-http", port, json =>
        {
            json["http"]!["tls"] = true;
            json["http"]!["certificate"] = crt;
            json["http"]!["certificateKey"] = key;
        });
        var (gate, database) = await StartGateAsync();
        using var pinned = X509Certificate2.CreateFromPem(File.ReadAllText(crt));
        var trusting = new HttpClientHandler { ServerCertificateCustomValidationCallback = (_, certificate, _, _) => certificate?.Thumbprint == pinned.Thumbprint };
        using var camera = new SimulatedVzenithHttpCamera(new Uri($"https://127.0.0.1:{port}/push/{EntrySecret}"), "sn-in-1", "in-1", TimeProvider.System, handler: trusting);
        using var plain = new SimulatedVzenithHttpCamera(PushUrl(port, EntrySecret), "sn-in-1", "in-1", TimeProvider.System, TimeSpan.FromSeconds(2));
        using var unpinned = new SimulatedVzenithHttpCamera(new Uri($"https://127.0.0.1:{port}/push/{EntrySecret}"), "sn-in-1", "in-1", TimeProvider.System);
        try
        {
            Assert.That(await plain.ReadAsync("粤B80001"), Is.False, "plain HTTP is not spoken on the TLS port");
            Assert.That(await unpinned.ReadAsync("粤B80002"), Is.False, "a client that does not trust the certificate gets no answer");
            Assert.That(await camera.ReadAsync("粤B80003"), Is.True, camera.LastReply.Body);
            Assert.That((camera.Openings, plain.Openings, unpinned.Openings), Is.EqualTo((1, 0, 0)));
        }
        finally
        {
            await gate.DisposeAsync();
            SqliteConnection.ClearAllPools();
        }
    }
}
