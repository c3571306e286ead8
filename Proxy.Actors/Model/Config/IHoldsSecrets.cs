namespace Proxy.Actors.Model.Config;

/// <summary>
/// Options that carry secrets an operator wrote (password hashes, digest HA1s): the API shows the copy this
/// returns, never the record itself. A hash is enough for an offline guess, an HA1 is enough to log in.
/// </summary>
public interface IHoldsSecrets
{
    IMiddlewareConfig WithoutSecrets();
}
