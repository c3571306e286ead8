namespace Proxy.Node.Forwarding;

/// <summary>
/// What an errors middleware's page request came back with: the error service's response (its body unread,
/// for the caller to stream and dispose), or no page and the status the service failed with (503 when it has
/// no server to ask, 502 or 504 when the server failed), as the forwarding would have answered.
/// </summary>
internal readonly record struct ErrorPageAnswer(HttpResponseMessage? Page, int FailureStatus);
