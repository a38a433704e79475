using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace ParkingGate.Desk;

/// <summary>Puts the desk into a web application: pages, sign-in with cookies, roles, antiforgery, headers.</summary>
public static class DeskSetup
{
    /// <summary>The cookie that carries the sign-in.</summary>
    public const string SignInCookie = "pg-desk";

    /// <summary>Who may use which pages.</summary>
    public static class Roles
    {
        /// <summary>Households, vehicles, blocklist.</summary>
        public const string Registry = "clerk,admin";

        /// <summary>Lanes, the booth, shifts.</summary>
        public const string Booth = "cashier,admin";

        /// <summary>Passes are sold at the desk and at the booth.</summary>
        public const string Passes = "clerk,cashier,admin";

        /// <summary>Visitor invitations are taken at the desk and at the booth (a resident rings about a visitor).</summary>
        public const string Invitations = "clerk,cashier,admin";

        /// <summary>Recording a parking violation (红黑榜) from a phone; a patroller sees nothing else.</summary>
        public const string ConductReport = "patroller,clerk,admin";

        /// <summary>The conduct register: violations, corrections, proposals (the committee decides them).</summary>
        public const string ConductRegister = "clerk,committee,admin";

        /// <summary>The ledger and its verification, the audit log.</summary>
        public const string Books = "accountant,committee,admin";

        /// <summary>Everyone at the office or the booth (not a patroller): the cars inside now.</summary>
        public const string Staff = "clerk,cashier,accountant,committee,admin";

        /// <summary>Users.</summary>
        public const string Admin = "admin";
    }

    /// <summary>Adds the desk's services.</summary>
    /// <param name="services">The application's services.</param>
    /// <param name="context">Makes the desk's context once the gate's services exist.</param>
    /// <param name="keyFolder">Where the keys that protect sign-in cookies are kept (next to the database, so a restart keeps everyone signed in).</param>
    public static IServiceCollection AddDesk(this IServiceCollection services, Func<IServiceProvider, DeskContext> context, string keyFolder)
    {
        services.AddDataProtection().PersistKeysToFileSystem(new DirectoryInfo(keyFolder)).SetApplicationName("parkinggate-desk");
        services.AddSingleton(context);
        services.AddHttpContextAccessor();
        services.AddWebEncoders(o => o.TextEncoderSettings = new System.Text.Encodings.Web.TextEncoderSettings(System.Text.Unicode.UnicodeRanges.All));
        services.AddScoped<Words>();
        services.AddSingleton(sp => new FormOnce(sp.GetRequiredService<DeskContext>().Time));
        services.Configure<RouteOptions>(o => o.LowercaseUrls = true);
        services.AddRazorPages(o =>
        {
            o.Conventions.AuthorizeFolder("/");
            o.Conventions.AllowAnonymousToPage("/Login");
            o.Conventions.AllowAnonymousToPage("/Denied");
        }).AddApplicationPart(typeof(DeskSetup).Assembly).AddMvcOptions(o => o.Filters.Add<DeskChangeLog>());
        services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme).AddCookie(o =>
        {
            o.LoginPath = "/login";
            o.LogoutPath = "/logout";
            o.AccessDeniedPath = "/denied";
            o.Cookie.Name = SignInCookie;
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest; // Secure whenever the desk is served over HTTPS
            o.ExpireTimeSpan = TimeSpan.FromHours(12);
            o.SlidingExpiration = true;
        });
        services.AddAuthorization();
        services.AddAntiforgery(o =>
        {
            o.Cookie.Name = "pg-antiforgery";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        });
        return services;
    }

    /// <summary>Maps the desk's pages and its picture and language endpoints.</summary>
    public static WebApplication UseDesk(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.Use(async (http, next) =>
        {
            http.Response.Headers.XContentTypeOptions = "nosniff";
            http.Response.Headers.XFrameOptions = "DENY";
            http.Response.Headers["Referrer-Policy"] = "no-referrer";
            http.Response.Headers.ContentSecurityPolicy = "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'";
            await next(http);
        });
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapRazorPages();
        app.MapGet("/pictures/{**path}", (string path, DeskContext desk) =>
        {
            var root = Path.GetFullPath(desk.PictureFolder);
            var file = Path.GetFullPath(Path.Combine(root, path));
            return file.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal) && File.Exists(file)
                ? Results.File(file, "image/jpeg")
                : Results.NotFound();
        }).RequireAuthorization();
        var script = DeskScript.Text.Replace("__POLL__", DeskScript.PollMilliseconds.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
        app.MapGet("/desk.js", (HttpContext http) =>
        {
            http.Response.Headers.CacheControl = "no-cache";
            return Results.Text(script, "text/javascript; charset=utf-8");
        });
        app.MapGet("/lang/{code}", (string code, string? back, HttpContext http) =>
        {
            http.Response.Cookies.Append(Words.Cookie, code == "en" ? "en" : "zh", new CookieOptions { HttpOnly = true, SameSite = SameSiteMode.Lax, MaxAge = TimeSpan.FromDays(365) });
            return Results.LocalRedirect(back is { Length: > 0 } && back.StartsWith('/') && !back.StartsWith("//", StringComparison.Ordinal) ? back : "/");
        });
        return app;
    }
}
