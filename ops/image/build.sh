#!/usr/bin/env bash
# Builds the proxy-node image from the repository's Dockerfile (docs/deploy.md).
#
#   ops/image/build.sh [--offline] [--tag T]      T defaults to proxy-node:local
#
# Online (no --offline): `docker build -t T .` with the Dockerfile's default base images,
# mcr.microsoft.com/dotnet/sdk:10.0 and mcr.microsoft.com/dotnet/aspnet:10.0, pulled as usual.
#
# Offline: no image can be pulled, so the script makes both base images on this machine with
# `docker import` and passes them as the SDK_IMAGE and RUNTIME_IMAGE build arguments:
#   proxy-node-sdk:<hash>      this machine's .NET SDK (dotnet on PATH), the native libraries it
#                              links to (ldd), /bin/sh, CA certificates, and exactly the NuGet packages
#                              a linux-x64 self-contained publish of Proxy.Node restores (read from the
#                              project.assets.json of a restore on this machine) in /root/.nuget/packages,
#                              with a NuGet.Config that names no source: the build restores offline.
#   proxy-node-runbase:<hash>  what a self-contained .NET app needs and nothing else: glibc, libstdc++,
#                              libgcc_s (ldd of the runtime pack's native libraries and apphost), libssl
#                              and libcrypto (opened at run time), CA certificates, /etc/passwd and
#                              /etc/group naming root and app (1654), /tmp (1777). No ICU: the node runs
#                              with InvariantGlobalization. No zlib: .NET's compression library carries
#                              zlib-ng. No shell.
# <hash> is a hash of what goes into each image (see sdk_manifest and runbase_manifest), so an image
# is imported again only when its content changed; the build then hits Docker's layer cache for
# every step whose input did not change. Runs with the classic builder (DOCKER_BUILDKIT=0: the
# daemons here are dockerd 20.10 without buildx) and `--network none`: nothing is fetched.
#
# The cache directory (PROXY_IMAGE_WORK, else ~/.cache/proxy-node-image) is shared by every checkout
# run by the same user, and a build empties its rootfs and restore folders: an offline build holds an
# exclusive flock on it from start to end, so a second one waits for the first.
#
# Needs: docker (DOCKER_HOST picks the daemon), dotnet, jq, ldd, tar, flock. The restore on this machine
# reads the packages from its NuGet cache; when one is missing there, that restore needs the network.
set -euo pipefail

readonly REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
readonly SDK_REPOSITORY=proxy-node-sdk
readonly RUNBASE_REPOSITORY=proxy-node-runbase
readonly HASH_LABEL=proxy-node.base.content-hash
readonly PATH_IN_IMAGE=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
# Kept between runs: the restore there is a no-op when no project file changed.
readonly WORK="${PROXY_IMAGE_WORK:-${XDG_CACHE_HOME:-$HOME/.cache}/proxy-node-image}"

log() { echo "build.sh: $*" >&2; }
die() { echo "build.sh: $*" >&2; exit 1; }

usage() {
    sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed '$d; s/^# \{0,1\}//'
}

tag=proxy-node:local
offline=false
while (($# > 0)); do
    case "$1" in
        --offline) offline=true ;;
        --tag) tag="${2:?--tag needs a value}"; shift ;;
        --tag=*) tag="${1#--tag=}" ;;
        -h | --help) usage; exit 0 ;;
        *) die "unknown argument '$1' (usage: build.sh [--offline] [--tag T])" ;;
    esac
    shift
done

if ! $offline; then
    exec docker build -t "$tag" "$REPO"
fi

export DOCKER_BUILDKIT=0
# What dockerd 20.10 speaks, as ops/test-env/docker.sh pins it; an operator's own setting wins.
export DOCKER_API_VERSION="${DOCKER_API_VERSION:-1.41}"

for tool in docker dotnet jq ldd tar sha256sum flock; do
    command -v "$tool" >/dev/null || die "$tool is needed for --offline and is not on PATH"
done

mkdir -p "$WORK"
exec 9>"$WORK/.lock"
if ! flock --nonblock 9; then
    log "waiting for another build using $WORK (lock $WORK/.lock)"
    flock 9
fi
docker info >/dev/null 2>&1 || die "no Docker daemon answers at ${DOCKER_HOST:-unix:///var/run/docker.sock}"

DOTNET_ROOT_DIR="$(dirname "$(readlink -f "$(command -v dotnet)")")"
readonly DOTNET_ROOT_DIR
PACKAGES_DIR="$(dotnet nuget locals global-packages --list | sed -n 's/^global-packages: //p')"
readonly PACKAGES_DIR="${PACKAGES_DIR%/}"
[[ -d "$PACKAGES_DIR" ]] || die "no NuGet global packages folder at '$PACKAGES_DIR'"

# The project files alone, restored for linux-x64 as the Dockerfile's build stage restores them: the
# packages that restore lists are the ones the SDK image must hold. Done outside the repository so
# that its obj/ (which the tests build with) is left alone.
restore_on_host() {
    local dir="$WORK/restore" project
    mkdir -p "$dir"
    cp "$REPO/Directory.Build.props" "$REPO/.editorconfig" "$dir/"
    for project in Proxy.Actors Proxy.Discovery Proxy.Node; do
        mkdir -p "$dir/$project"
        cp "$REPO/$project/$project.csproj" "$dir/$project/"
    done
    dotnet restore "$dir/Proxy.Node/Proxy.Node.csproj" -r linux-x64 --nologo -v quiet >&2 \
        || die "dotnet restore -r linux-x64 of Proxy.Node failed on this machine"
}

# Every package of the restore ("id/version", lower case as in the packages folder), runtime packs included.
restore_packages() {
    local assets
    for assets in "$WORK"/restore/*/obj/project.assets.json; do
        jq -r '(.libraries | to_entries[] | select(.value.type == "package") | .value.path | ascii_downcase),
               (.project.frameworks[] | (.downloadDependencies // [])[]
                | "\(.name | ascii_downcase)/\(.version | ltrimstr("[") | split(",")[0] | gsub(" "; ""))")' "$assets"
    done | sort -u
}

# The system libraries the given ELF files link to, and the loader. Libraries of .NET itself (the
# runtime's libmscordaccore.so) come with the SDK tree or the publish output, not from here.
linked_libraries() {
    # ldd fails on a file that is not dynamically linked; the others' lines are what counts.
    { ldd "$@" 2>/dev/null || true; } | awk -v dotnet="$DOTNET_ROOT_DIR/" -v packages="$PACKAGES_DIR/" '
        $2 == "=>" && $3 ~ /^\// && index($3, dotnet) != 1 && index($3, packages) != 1 { print $3 }
        $1 ~ /^\/.*ld-linux/ { print $1 }' | sort -u
}

# libssl and libcrypto are opened with dlopen by System.Security.Cryptography.Native: ldd cannot see them.
openssl_libraries() {
    local name path
    for name in libssl.so.3 libcrypto.so.3; do
        path="$(ldconfig -p 2>/dev/null | awk -v n="$name" '$1 == n && /x86-64/ { print $NF; exit }')"
        [[ -n "$path" ]] || die "$name not found (ldconfig -p): the image could not make TLS connections"
        echo "$path"
    done
}

# Copies libraries into a root file system at their merged-/usr place (/lib/x/libc.so.6 -> usr/lib/x/libc.so.6).
copy_libraries() {
    local root="$1" path target
    shift
    for path in "$@"; do
        target="$root/usr/${path#/usr/}"
        target="${target/\/usr\/\//\/usr\/}"
        mkdir -p "$(dirname "$target")"
        cp -L "$path" "$target"
    done
}

# The skeleton both images share: merged /usr, CA certificates where OpenSSL's defaults look, /tmp.
base_skeleton() {
    local root="$1"
    mkdir -p "$root"/{usr/bin,usr/sbin,usr/lib,usr/lib64,etc/ssl/certs,usr/lib/ssl,root}
    ln -s usr/bin "$root/bin"
    ln -s usr/sbin "$root/sbin"
    ln -s usr/lib "$root/lib"
    ln -s usr/lib64 "$root/lib64"
    install -d -m 1777 "$root/tmp"
    cp -L /etc/ssl/certs/ca-certificates.crt "$root/etc/ssl/certs/ca-certificates.crt"
    ln -s /etc/ssl/certs "$root/usr/lib/ssl/certs"
    ln -s /etc/ssl/certs/ca-certificates.crt "$root/usr/lib/ssl/cert.pem"
    printf 'hosts: files dns\n' >"$root/etc/nsswitch.conf"
}

runbase_elves() {
    local runtime_pack apphost_pack
    runtime_pack="$(find "$PACKAGES_DIR/microsoft.netcore.app.runtime.linux-x64" -maxdepth 1 -mindepth 1 -type d | sort -V | tail -1)"
    apphost_pack="$(find "$DOTNET_ROOT_DIR/packs/Microsoft.NETCore.App.Host.linux-x64" -maxdepth 1 -mindepth 1 -type d | sort -V | tail -1)"
    [[ -d "$runtime_pack" && -d "$apphost_pack" ]] || die "no linux-x64 runtime pack or apphost pack on this machine"
    find "$runtime_pack/runtimes/linux-x64/native" -name '*.so' -type f
    echo "$apphost_pack/runtimes/linux-x64/native/apphost"
}

runbase_libraries() {
    # shellcheck disable=SC2046 # one file per line, no spaces in these paths
    { linked_libraries $(runbase_elves); openssl_libraries; } | sort -u
}

make_runbase_rootfs() {
    local root="$1"
    base_skeleton "$root"
    # shellcheck disable=SC2046
    copy_libraries "$root" $(runbase_libraries)
    printf 'root:x:0:0:root:/root:/usr/sbin/nologin\napp:x:1654:1654:app:/home/app:/usr/sbin/nologin\n' >"$root/etc/passwd"
    printf 'root:x:0:\napp:x:1654:\n' >"$root/etc/group"
}

# What decides the run base's content: the libraries' bytes, the certificates, and this script's
# functions that lay the file system out.
runbase_manifest() {
    declare -f base_skeleton copy_libraries make_runbase_rootfs
    # shellcheck disable=SC2046
    sha256sum $(runbase_libraries) /etc/ssl/certs/ca-certificates.crt
}

sdk_elves() {
    echo "$DOTNET_ROOT_DIR/dotnet"
    find "$DOTNET_ROOT_DIR" -name '*.so' -type f
    readlink -f /bin/sh
}

sdk_libraries() {
    # shellcheck disable=SC2046
    { linked_libraries $(sdk_elves); openssl_libraries; } | sort -u
}

make_sdk_rootfs() {
    local root="$1" package
    base_skeleton "$root"
    # shellcheck disable=SC2046
    copy_libraries "$root" $(sdk_libraries)
    cp -L /bin/sh "$root/usr/bin/sh"
    # Hard links where the staging directory shares the file system (no copy of 600 MB), else a copy.
    mkdir -p "$root/usr/share"
    cp -al "$DOTNET_ROOT_DIR" "$root/usr/share/dotnet" 2>/dev/null || cp -a "$DOTNET_ROOT_DIR" "$root/usr/share/dotnet"
    ln -s ../share/dotnet/dotnet "$root/usr/bin/dotnet"
    while read -r package; do
        [[ -d "$PACKAGES_DIR/$package" ]] || die "package $package of the restore is not in $PACKAGES_DIR"
        mkdir -p "$root/root/.nuget/packages/$(dirname "$package")"
        cp -al "$PACKAGES_DIR/$package" "$root/root/.nuget/packages/$package" 2>/dev/null \
            || cp -a "$PACKAGES_DIR/$package" "$root/root/.nuget/packages/$package"
    done < <(restore_packages)
    mkdir -p "$root/root/.nuget/NuGet"
    cat >"$root/root/.nuget/NuGet/NuGet.Config" <<'XML'
<?xml version="1.0" encoding="utf-8"?>
<!-- No source: every package the build restores is already in /root/.nuget/packages. -->
<configuration>
  <packageSources>
    <clear />
  </packageSources>
</configuration>
XML
    printf 'root:x:0:0:root:/root:/bin/sh\n' >"$root/etc/passwd"
    printf 'root:x:0:\n' >"$root/etc/group"
}

# What decides the SDK image's content. The SDK tree by name, type, size and time of every file
# (hashing its 600 MB on every build would cost seconds; an SDK install or update changes these;
# metadata/ holds the CLI's own state, which it rewrites as it runs),
# each package by the content hash NuGet recorded when it extracted it, the libraries by their bytes.
sdk_manifest() {
    local package
    declare -f base_skeleton copy_libraries make_sdk_rootfs
    # Files only: every dotnet command touches the directories' times (metadata/ above all).
    (cd "$DOTNET_ROOT_DIR" && find . -path ./metadata -prune -o ! -type d -printf '%P %y %s %T@\n' | sort)
    while read -r package; do
        echo "$package $(cat "$PACKAGES_DIR/$package/.nupkg.metadata" 2>/dev/null || echo missing)"
    done < <(restore_packages)
    # shellcheck disable=SC2046
    sha256sum $(sdk_libraries) "$(readlink -f /bin/sh)" /etc/ssl/certs/ca-certificates.crt
}

# Imports a root file system made by $2 as $1:<hash of $3's output>, unless that tag exists; prints the tag.
import_base() {
    local repository="$1" make="$2" manifest="$3" description="$4" hash image root
    shift 4
    hash="$("$manifest" | sha256sum | cut -c1-16)"
    image="$repository:$hash"
    if docker image inspect "$image" >/dev/null 2>&1; then
        log "$image is current"
        echo "$image"
        return 0
    fi

    log "making $image ($description)"
    root="$WORK/rootfs-$repository"
    rm -rf "$root"
    mkdir -p "$root"
    "$make" "$root"
    local changes=(--change "ENV PATH=$PATH_IN_IMAGE" --change "LABEL $HASH_LABEL=$hash")
    local change
    for change in "$@"; do
        changes+=(--change "$change")
    done
    # Owned by root whoever runs this; the home of app (1654) is appended with its owner.
    tar --numeric-owner --owner=0 --group=0 -C "$root" -cf "$root.tar" .
    if [[ "$repository" == "$RUNBASE_REPOSITORY" ]]; then
        mkdir -p "$WORK/home/home/app"
        tar --numeric-owner --owner=1654 --group=1654 -C "$WORK/home" -rf "$root.tar" home/app
    fi
    docker import "${changes[@]}" -m "$description" "$root.tar" "$image" >/dev/null
    rm -rf "$root" "$root.tar"
    # Older imports of this repository are untagged: an image built on one keeps it as long as it needs it.
    docker image ls --format '{{.Repository}}:{{.Tag}}' "$repository" | grep -vxF "$image" | xargs -r docker image rm >/dev/null 2>&1 || true
    echo "$image"
}

started=$SECONDS
restore_on_host
sdk_image="$(import_base "$SDK_REPOSITORY" make_sdk_rootfs sdk_manifest \
    "proxy-node build stage: this machine's .NET SDK and the packages Proxy.Node restores, no NuGet source" \
    "ENV HOME=/root" "ENV DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=1" "ENV DOTNET_NOLOGO=1" \
    "ENV DOTNET_CLI_TELEMETRY_OPTOUT=1" "ENV DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1" "ENV DOTNET_GENERATE_ASPNET_CERTIFICATE=false")"
runbase_image="$(import_base "$RUNBASE_REPOSITORY" make_runbase_rootfs runbase_manifest \
    "proxy-node run stage base: glibc, libstdc++, libgcc_s, OpenSSL, CA certificates, user app (1654)")"

log "docker build -t $tag (SDK_IMAGE=$sdk_image RUNTIME_IMAGE=$runbase_image, classic builder, --network none)"
docker build --network none --force-rm \
    --build-arg "SDK_IMAGE=$sdk_image" --build-arg "RUNTIME_IMAGE=$runbase_image" \
    -t "$tag" "$REPO" >&2
# Untagged images left from builds on earlier bases (they inherit a base's label) are removed; those
# on the current bases are the layer cache of the next build and stay.
current=" ${sdk_image#*:} ${runbase_image#*:} "
docker image ls --quiet --no-trunc --filter dangling=true --filter "label=$HASH_LABEL" | while read -r id; do
    hash="$(docker image inspect --format "{{index .Config.Labels \"$HASH_LABEL\"}}" "$id" 2>/dev/null || true)"
    [[ "$current" == *" $hash "* ]] || docker image rm "$id" >/dev/null 2>&1 || true
done
log "built $tag in $((SECONDS - started)) s"
