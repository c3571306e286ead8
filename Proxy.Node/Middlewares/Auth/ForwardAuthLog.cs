using Microsoft.Extensions.Logging;

namespace Proxy.Node.Middlewares.Auth;

internal static partial class ForwardAuthLog
{
    [LoggerMessage(Level = LogLevel.Warning, Message = "forwardAuth middleware {Middleware}: the auth server {Address} gave no answer ({Reason}); the client gets 500")]
    public static partial void Unreachable(ILogger logger, string middleware, string address, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "forwardAuth middleware {Middleware}: the answer of {Address} has a body over {Limit} bytes; the client gets 500")]
    public static partial void AnswerTooLarge(ILogger logger, string middleware, string address, int limit);

    [LoggerMessage(Level = LogLevel.Warning, Message = "forwardAuth middleware {Middleware}: the node's {Budget} bytes for bodies held for auth servers are taken; the client gets 503")]
    public static partial void BodyBudgetExhausted(ILogger logger, string middleware, long budget);
}
