using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.Extensions.Logging;

namespace ParkingGate.Desk;

/// <summary>
/// One log line per change made on the desk (every form sent): who, which page and action, and what the page said
/// came of it (the receipt, the plate, or the problem). Nothing typed into the form is logged, so no password is.
/// </summary>
internal sealed partial class DeskChangeLog(ILogger<DeskChangeLog> log) : IAsyncPageFilter
{
    /// <inheritdoc />
    public Task OnPageHandlerSelectionAsync(PageHandlerSelectedContext context) => Task.CompletedTask;

    /// <inheritdoc />
    public async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var executed = await next();
        if (!HttpMethods.IsPost(context.HttpContext.Request.Method) || executed.HandlerInstance is not DeskPage page)
        {
            return;
        }

        var handler = context.HandlerMethod?.Name ?? "post";
        var user = context.HttpContext.User.Identity?.Name ?? "(not signed in)";
        var path = context.HttpContext.Request.Path.Value ?? "";
        if (page.Problem is { } problem)
        {
            Refused(log, user, path, handler, problem);
        }
        else
        {
            Done(log, user, path, handler, page.Done ?? "done");
        }
    }

    [LoggerMessage(EventId = 300, Level = LogLevel.Information, Message = "desk: {User} {Path} {Handler}: {Outcome}")]
    private static partial void Done(ILogger logger, string user, string path, string handler, string outcome);

    [LoggerMessage(EventId = 301, Level = LogLevel.Information, Message = "desk: {User} {Path} {Handler} refused: {Problem}")]
    private static partial void Refused(ILogger logger, string user, string path, string handler, string problem);
}
