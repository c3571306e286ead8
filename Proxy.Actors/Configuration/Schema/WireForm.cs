namespace Proxy.Actors.Configuration.Schema;

/// <summary>How the cluster's wire writes a text field's value; the value itself is the same either way.</summary>
public enum WireForm
{
    /// <summary>The text, with a presence marker.</summary>
    Plain,

    /// <summary>
    /// An index into a table of prefixes (up to the last '/') written once per configuration, then the
    /// rest: for values most of which share a long prefix, such as the <c>docker:&lt;host&gt;/</c> of every
    /// server a Docker host's containers give.
    /// </summary>
    SharedPrefix,
}
