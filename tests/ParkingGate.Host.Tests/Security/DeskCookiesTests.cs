using System.Net;
using Microsoft.Data.Sqlite;
using ParkingGate.Desk;
using ParkingGate.Storage;
using ParkingGate.Storage.Users;

namespace ParkingGate.Host.Tests.Security;

/// <summary>
/// What the desk's answers carry, read off the wire from <c>parkinggate run</c>: cookies a script cannot read and
/// another site cannot send, and headers that keep the desk out of frames and other origins' scripts.
/// </summary>
public sealed class DeskCookiesTests : FolderFixture
{
    [Test]
    public async Task Sign_in_and_antiforgery_cookies_are_http_only_and_same_site_strict_and_pages_carry_the_security_headers()
    {
        var database = await SqliteDatabase.OpenAsync(Folder.Database, TimeProvider.System);
        await new UserStore(database, TimeProvider.System).AddAsync("li", "clerk", Passwords.Hash("desk-password-1"), "setup");
        SqliteConnection.ClearAllPools();
        await using var service = await ServiceProcess.StartAsync(Folder.Config, Folder.Database);
        using var http = new HttpClient(new HttpClientHandler { UseCookies = false, AllowAutoRedirect = false }) { BaseAddress = new Uri(service.Url) };

        var form = await http.GetAsync("/login");
        var antiforgery = SetCookie(form, "pg-antiforgery");
        Assert.That(antiforgery, Does.Contain("httponly").IgnoreCase.And.Contain("samesite=strict").IgnoreCase);
        Assert.That(form.Headers.GetValues("Content-Security-Policy").Single(), Does.Contain("frame-ancestors 'none'").And.Contain("default-src 'self'"));
        Assert.That(form.Headers.GetValues("X-Frame-Options").Single(), Is.EqualTo("DENY"));
        Assert.That(form.Headers.GetValues("X-Content-Type-Options").Single(), Is.EqualTo("nosniff"));
        Assert.That(form.Headers.GetValues("Referrer-Policy").Single(), Is.EqualTo("no-referrer"));

        var token = System.Text.RegularExpressions.Regex.Match(await form.Content.ReadAsStringAsync(), "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value;
        using var post = new HttpRequestMessage(HttpMethod.Post, "/login")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["name"] = "li", ["password"] = "desk-password-1", ["__RequestVerificationToken"] = token }),
        };
        post.Headers.Add("Cookie", antiforgery.Split(';')[0]);
        var signedIn = await http.SendAsync(post);
        Assert.That(signedIn.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), await signedIn.Content.ReadAsStringAsync());
        var session = SetCookie(signedIn, "pg-desk");
        Assert.That(session, Does.Contain("httponly").IgnoreCase.And.Contain("samesite=strict").IgnoreCase, "the sign-in cookie");
        Assert.That(session, Does.Not.Contain("expires").IgnoreCase, "a session cookie: closing the browser at the booth signs out");

        using var page = new HttpRequestMessage(HttpMethod.Get, "/households");
        page.Headers.Add("Cookie", session.Split(';')[0]);
        var households = await http.SendAsync(page);
        Assert.That(households.StatusCode, Is.EqualTo(HttpStatusCode.OK), "the cookie is the session");
        Assert.That(households.Headers.GetValues("Content-Security-Policy").Single(), Does.Contain("form-action 'self'"));
    }

    private static string SetCookie(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues("Set-Cookie", out var cookies) && cookies.FirstOrDefault(c => c.StartsWith(name + "=", StringComparison.Ordinal)) is { } cookie
            ? cookie
            : throw new AssertionException($"no {name} cookie in {response.RequestMessage?.RequestUri}: {string.Join(" | ", response.Headers.Select(h => h.Key))}");
}
