using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Proxy.Node.Hosting;

namespace Proxy.Node.Observability;

/// <summary>
/// Turns a request into one access log line, as Traefik writes it: the common (CLF) line or a JSON
/// object with Traefik's field names. Pure, so tests check lines without a node; runs on the
/// access log's writer, never on the request path.
/// </summary>
public static class AccessLogFormatter
{
    private static readonly byte[] NewLine = "\n"u8.ToArray();

    public static void Write(IBufferWriter<byte> output, AccessLogFormat format, in RequestRecord record, long requestCount)
    {
        if (format == AccessLogFormat.Json)
        {
            WriteJson(output, record);
        }
        else
        {
            var line = Common(record, requestCount);
            var bytes = output.GetSpan(Encoding.UTF8.GetMaxByteCount(line.Length));
            output.Advance(Encoding.UTF8.GetBytes(line, bytes));
        }

        output.Write(NewLine);
    }

    /// <summary>
    /// Traefik's CLF line: <c>host - user [start] "method path protocol" status size "referer" "agent"
    /// count "router" "server" durationms</c>. Size is the body bytes sent to the client (Traefik's
    /// DownstreamContentSize), <c>-</c> when unknown (a response cut off mid-body); a missing referer, user agent, router or server shows as
    /// <c>"-"</c>, as in Traefik; the time is UTC. The path and the quoted fields are escaped
    /// (<see cref="CommonLogField"/>) so that what a client sends cannot break the line.
    /// </summary>
    public static string Common(in RequestRecord record, long requestCount) => string.Create(
        CultureInfo.InvariantCulture,
        $"{ClientHost(record)} - {CommonLogField.Word(record.ClientUsername)} [{record.StartUtc:dd/MMM/yyyy:HH:mm:ss} +0000] \"{CommonLogField.Bare(record.Method)} {CommonLogField.Bare(record.Path)} {CommonLogField.Bare(record.Protocol)}\" {record.DownstreamStatus} {(record.DownstreamContentSize is { } size ? size : "-")} {CommonLogField.Quoted(record.Referer)} {CommonLogField.Quoted(record.UserAgent)} {requestCount} {CommonLogField.Quoted(record.Router)} {CommonLogField.Quoted(record.ServerUrl)} {(long)record.Duration.TotalMilliseconds}ms");

    public static string Json(in RequestRecord record)
    {
        var buffer = new ArrayBufferWriter<byte>();
        WriteJson(buffer, record);
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static void WriteJson(IBufferWriter<byte> output, in RequestRecord record)
    {
        using var json = new Utf8JsonWriter(output);
        json.WriteStartObject();
        json.WriteString("ClientHost", ClientHost(record));
        // "-" without one, as Traefik writes it.
        json.WriteString("ClientUsername", string.IsNullOrEmpty(record.ClientUsername) ? "-" : record.ClientUsername);
        json.WriteString("RequestMethod", record.Method);
        json.WriteString("RequestPath", record.Path);
        json.WriteString("RequestProtocol", record.Protocol);
        json.WriteNumber("DownstreamStatus", record.DownstreamStatus);
        json.WriteNumber("OriginStatus", record.OriginStatus);
        // Left out when unknown (a response cut off mid-body), as Traefik leaves out what it does not have.
        if (record.DownstreamContentSize is { } downstream)
        {
            json.WriteNumber("DownstreamContentSize", downstream);
        }

        if (record.OriginContentSize is { } origin)
        {
            json.WriteNumber("OriginContentSize", origin);
        }
        // Nanoseconds, as Traefik's Duration (a Go time.Duration).
        json.WriteNumber("Duration", record.Duration.Ticks * 100);
        json.WriteString("EntryPointName", record.EntryPoint);
        WriteOptional(json, "RouterName", record.Router);
        WriteOptional(json, "ServiceName", record.Service);
        WriteOptional(json, "ServiceURL", record.ServerUrl);
        json.WriteNumber("RetryAttempts", record.RetryAttempts);
        json.WriteString("StartUTC", record.StartUtc.ToString("yyyy-MM-ddTHH:mm:ss.fffffffZ", CultureInfo.InvariantCulture));
        json.WriteEndObject();
    }

    // Traefik leaves a field out when the request never got that far (no router matched).
    private static void WriteOptional(Utf8JsonWriter json, string name, string? value)
    {
        if (value is not null)
        {
            json.WriteString(name, value);
        }
    }

    private static string ClientHost(in RequestRecord record) =>
        record.ClientAddress is { } address
            ? (address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address).ToString()
            : "-";
}
