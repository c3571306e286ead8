using Proxy.Actors.Model.Config;
using YamlDotNet.RepresentationModel;

namespace Proxy.Discovery.File;

/// <summary>Reads one <c>http.routers.&lt;name&gt;</c> entry; null when anything in it is wrong.</summary>
internal static class RouterParser
{
    public static RouterConfig? Parse(YamlNode node, string path, ErrorScope errors)
    {
        if (YamlFields.Open(node, path, errors) is not { } fields)
        {
            return null;
        }

        var router = new RouterConfig(
            Rule: fields.String("rule"),
            EntryPoints: fields.StringList("entryPoints"),
            Middlewares: fields.StringList("middlewares"),
            Service: fields.String("service"),
            Priority: fields.Int("priority"));
        fields.RejectUnknown();
        return errors.HasErrors ? null : router;
    }
}
