using System.Net;
using System.Text.RegularExpressions;

namespace ParkingGate.Host.Tests;

/// <summary>
/// A clerk at the desk over plain HTTP, as a browser without scripts would be: each form is fetched first for its
/// antiforgery token (and one-time token where the form has one), then posted; redirects are not followed so the
/// answer says whether the desk took the form.
/// </summary>
internal sealed partial class DeskClient : IDisposable
{
    private readonly HttpClient _http;

    public DeskClient(string url) =>
        _http = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false }) { BaseAddress = new Uri(url), Timeout = TimeSpan.FromSeconds(20) };

    /// <summary>Signs in; true when the desk let the user in.</summary>
    public async Task<bool> SignInAsync(string name, string password)
    {
        var answer = await PostAsync("/login", "/login", new() { ["name"] = name, ["password"] = password });
        return answer.StatusCode == HttpStatusCode.Redirect && answer.Headers.Location?.OriginalString.Contains("login", StringComparison.OrdinalIgnoreCase) != true;
    }

    /// <summary>The page's HTML.</summary>
    public Task<string> GetAsync(string path) => _http.GetStringAsync(path);

    /// <summary>
    /// Fetches <paramref name="formPage"/>, then posts <paramref name="fields"/> to <paramref name="action"/> with the
    /// page's antiforgery token, and its one-time <c>token</c> field when it has one.
    /// </summary>
    public async Task<HttpResponseMessage> PostAsync(string formPage, string action, Dictionary<string, string> fields)
    {
        ArgumentNullException.ThrowIfNull(fields);
        var page = await _http.GetStringAsync(formPage);
        fields["__RequestVerificationToken"] = AntiforgeryToken().Match(page).Groups[1].Value;
        if (OnceToken().Match(page) is { Success: true } once && !fields.ContainsKey("token"))
        {
            fields["token"] = once.Groups[1].Value;
        }

        return await _http.PostAsync(action, new FormUrlEncodedContent(fields));
    }

    public void Dispose() => _http.Dispose();

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryToken();

    [GeneratedRegex("name=\"token\" value=\"([^\"]+)\"")]
    private static partial Regex OnceToken();
}
