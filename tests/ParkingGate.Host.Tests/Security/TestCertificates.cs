using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace ParkingGate.Host.Tests.Security;

/// <summary>Certificates as an installer would make them with openssl, for the TLS tests.</summary>
internal static class TestCertificates
{
    /// <summary>A self-signed certificate for 127.0.0.1 and localhost: PEM files <paramref name="name"/>.crt and .key in <paramref name="folder"/>.</summary>
    public static (string Certificate, string Key) Write(string folder, string name)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=parkinggate-broker", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        names.AddDnsName("localhost");
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], critical: false));
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
        var (crt, pem) = (Path.Combine(folder, name + ".crt"), Path.Combine(folder, name + ".key"));
        File.WriteAllText(crt, certificate.ExportCertificatePem());
        File.WriteAllText(pem, key.ExportPkcs8PrivateKeyPem());
        return (crt, pem);
    }
}
