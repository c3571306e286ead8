# proxy-node as a container: `docker build -t proxy-node .` (docs/deploy.md).
# The base images are build arguments so that a machine that cannot pull them builds the same file
# with locally made ones: ops/image/build.sh --offline.
# The image is linux/amd64 only: restore and publish name the runtime linux-x64, and the classic
# builder used here sets no TARGETARCH to choose another by.
ARG SDK_IMAGE=mcr.microsoft.com/dotnet/sdk:10.0
ARG RUNTIME_IMAGE=mcr.microsoft.com/dotnet/aspnet:10.0

FROM ${SDK_IMAGE} AS build
# An empty directory for the run stage's /data (below): the run base may have no shell to make one.
WORKDIR /data
WORKDIR /src
# The project files first: the restore layer stays cached until a package reference changes.
COPY Directory.Build.props .editorconfig cluster.hocon ./
COPY Proxy.Actors/Proxy.Actors.csproj Proxy.Actors/
COPY Proxy.Discovery/Proxy.Discovery.csproj Proxy.Discovery/
COPY Proxy.Node/Proxy.Node.csproj Proxy.Node/
RUN ["dotnet", "restore", "Proxy.Node/Proxy.Node.csproj", "-r", "linux-x64"]
COPY Proxy.Actors/ Proxy.Actors/
COPY Proxy.Discovery/ Proxy.Discovery/
COPY Proxy.Node/ Proxy.Node/
# Self-contained: the run stage needs no .NET runtime, only the native libraries it links to.
RUN ["dotnet", "publish", "Proxy.Node/Proxy.Node.csproj", "--no-restore", "-c", "Release", "-r", "linux-x64", \
     "--self-contained", "-o", "/app", "-p:UseAppHost=true", "-p:DebugType=none"]

FROM ${RUNTIME_IMAGE}
COPY --from=build /app /app
# The working directory, writable by the node's user: relative paths such as the ACME storage's
# default acme.json land there, and a volume mounted on /data keeps them across restarts.
COPY --from=build --chown=1654:1654 /data /data
# The ASP.NET images set ASPNETCORE_HTTP_PORTS=8080: the node binds only what its options say, and
# Kestrel would warn at every start that it overrides it.
ENV PATH=/app:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
    ASPNETCORE_HTTP_PORTS=
# Microsoft's images' `app` user (uid and gid 1654). To read a mounted Docker socket it needs the
# socket's group, whose id differs per host: docker run --group-add "$(stat -c %g /var/run/docker.sock)".
USER 1654:1654
WORKDIR /data
# The default entrypoint (web), the API (/ping, the dashboard; loopback unless --api.address says
# otherwise). The cluster transport has no default port (0 = any free one); a cluster gives it one
# with --cluster.port and publishes that.
EXPOSE 8000 8080
HEALTHCHECK --interval=10s --timeout=5s --start-period=30s --retries=3 CMD ["proxy-node", "healthcheck"]
ENTRYPOINT ["proxy-node"]
CMD ["--providers.docker.endpoint=unix:///var/run/docker.sock"]
