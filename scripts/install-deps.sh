#!/usr/bin/env bash
# install-deps.sh [build|test]
#
# Makes sure everything needed to build (and with "test": to test) Konbit is
# installed. Idempotent: when everything is present it only runs dpkg-query
# and `go env`, prints one line and exits 0 (well under a second).
#
#   build  C compiler, pkg-config and the X11/OpenGL/Wayland headers that
#          Fyne (cgo) needs, plus a check that Go >= MIN_GO is installed.
#   test   build + Xvfb, xauth, ImageMagick, xdotool, x11-utils for the
#          GUI smoke test (scripts/smoke.sh), poppler-utils for the PDF
#          tests, iproute2 (ip, tc) for the network lab (scripts/netns.sh).
#
# On Debian/Ubuntu missing packages are installed with apt-get (through sudo
# when not root). Elsewhere the script prints the command to run.
set -euo pipefail

MIN_GO="${MIN_GO:-1.26}"
GO_URL="https://go.dev/dl/"

BUILD_PKGS=(gcc libc6-dev pkg-config libgl1-mesa-dev libx11-dev libxcursor-dev
  libxrandr-dev libxinerama-dev libxi-dev libxxf86vm-dev libwayland-dev
  libxkbcommon-dev)
TEST_PKGS=(xvfb xauth imagemagick xdotool x11-utils poppler-utils iproute2)

# Equivalent package names on other systems (printed, never installed).
DNF_BUILD="gcc pkgconf-pkg-config mesa-libGL-devel libX11-devel libXcursor-devel libXrandr-devel libXinerama-devel libXi-devel libXxf86vm-devel wayland-devel libxkbcommon-devel"
DNF_TEST="xorg-x11-server-Xvfb xorg-x11-xauth ImageMagick xdotool xdpyinfo poppler-utils iproute iproute-tc"
PACMAN_BUILD="gcc pkgconf mesa libx11 libxcursor libxrandr libxinerama libxi libxxf86vm wayland libxkbcommon"
PACMAN_TEST="xorg-server-xvfb xorg-xauth imagemagick xdotool xorg-xdpyinfo poppler iproute2"

mode="${1:-build}"
case "$mode" in
  build | test) ;;
  -h | --help)
    sed -n '2,14s/^# \{0,1\}//p' "$0"
    exit 0
    ;;
  *)
    echo "usage: $0 [build|test]" >&2
    exit 2
    ;;
esac

export DEBIAN_FRONTEND=noninteractive

say() { echo "install-deps: $*"; }
err() { echo "install-deps: ERROR: $*" >&2; }

# ---------------------------------------------------------------- Go check --
# Prints nothing and returns 0 when Go is fine; otherwise explains and returns 1.
go_version=""
check_go() {
  local gobin
  if ! gobin="$(command -v go)"; then
    err "Go is not installed (or not on PATH). Konbit needs Go >= ${MIN_GO}."
    if [ -x /usr/local/go/bin/go ]; then
      err "Found /usr/local/go/bin/go: add it to your PATH, e.g."
      err "    export PATH=\$PATH:/usr/local/go/bin"
    else
      err "Download it from ${GO_URL} and follow https://go.dev/doc/install"
      err "(distribution packages such as Debian's golang-go are usually too old)."
    fi
    return 1
  fi
  # `go env GOVERSION` honours go.mod's toolchain switching (GOTOOLCHAIN=auto),
  # so an older local Go that can download the right toolchain is accepted.
  if ! go_version="$(go env GOVERSION 2>/dev/null)" || [ -z "$go_version" ]; then
    err "'$gobin env GOVERSION' failed; Konbit needs Go >= ${MIN_GO} (${GO_URL})."
    return 1
  fi
  local v="${go_version#go}" have_major have_minor need_major need_minor
  have_major="${v%%.*}"
  have_minor="${v#*.}"
  have_minor="${have_minor%%[!0-9]*}"
  need_major="${MIN_GO%%.*}"
  need_minor="${MIN_GO#*.}"
  if [ "${have_major:-0}" -lt "$need_major" ] ||
    { [ "${have_major:-0}" -eq "$need_major" ] && [ "${have_minor:-0}" -lt "$need_minor" ]; }; then
    err "$gobin is ${go_version}; Konbit needs Go >= ${MIN_GO}. Get it from ${GO_URL}"
    return 1
  fi
  return 0
}

# ------------------------------------------------------- non-Debian systems --
have_cmds() {
  local c missing=()
  for c in "$@"; do
    command -v "$c" >/dev/null 2>&1 || missing+=("$c")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    err "missing command(s): ${missing[*]}"
    return 1
  fi
}

non_debian() {
  local os cmds=(cc pkg-config)
  os="$(uname -s)"
  [ "$mode" = test ] && cmds+=(Xvfb xdotool import convert)
  say "no apt-get here, so nothing is installed automatically. Needed packages:"
  if [ "$os" = Darwin ]; then
    cmds=(cc)
    echo "    xcode-select --install        # C compiler (clang) for cgo"
    echo "    brew install go               # or the installer from ${GO_URL}"
    [ "$mode" = test ] && say "note: the GUI smoke test (Xvfb) runs on Linux only."
  elif command -v dnf >/dev/null 2>&1; then
    echo "    sudo dnf install $DNF_BUILD$([ "$mode" = test ] && echo " $DNF_TEST")"
  elif command -v pacman >/dev/null 2>&1; then
    echo "    sudo pacman -S --needed $PACMAN_BUILD$([ "$mode" = test ] && echo " $PACMAN_TEST")"
  else
    echo "    Fedora: sudo dnf install $DNF_BUILD$([ "$mode" = test ] && echo " $DNF_TEST")"
    echo "    Arch:   sudo pacman -S --needed $PACMAN_BUILD$([ "$mode" = test ] && echo " $PACMAN_TEST")"
    echo "    Debian/Ubuntu: apt-get install ${BUILD_PKGS[*]}$([ "$mode" = test ] && echo " ${TEST_PKGS[*]}")"
  fi
  local ok=0
  have_cmds "${cmds[@]}" || ok=1
  check_go || ok=1
  if [ $ok -ne 0 ]; then
    err "install the packages above, then run this again."
    exit 1
  fi
  if [ "$os" = Linux ] && ! pkg-config --exists gl x11 xcursor xrandr xinerama xi xxf86vm 2>/dev/null; then
    say "warning: pkg-config cannot find all of gl x11 xcursor xrandr xinerama xi xxf86vm;"
    say "         the cgo build of Fyne will fail until the -devel packages above are installed."
  fi
  say "compiler and tools found, continuing (${go_version}); headers are not checked here."
  exit 0
}

if ! command -v apt-get >/dev/null 2>&1 || ! command -v dpkg-query >/dev/null 2>&1; then
  non_debian
fi

# ---------------------------------------------------------- Debian / Ubuntu --
pkgs=("${BUILD_PKGS[@]}")
[ "$mode" = test ] && pkgs+=("${TEST_PKGS[@]}")

missing=()
for p in "${pkgs[@]}"; do
  status="$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)"
  [ "$status" = "install ok installed" ] || missing+=("$p")
done

if [ ${#missing[@]} -gt 0 ]; then
  say "missing ${#missing[@]} package(s): ${missing[*]}"
  apt_opts=(-y -q --no-install-recommends -o DPkg::Lock::Timeout=300)
  manual="sudo apt-get update && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends ${missing[*]}"
  sudo=()
  if [ "$(id -u)" -ne 0 ]; then
    if ! command -v sudo >/dev/null 2>&1; then
      err "not root and sudo is not installed. As root, run:"
      err "    apt-get update && apt-get install -y --no-install-recommends ${missing[*]}"
      exit 1
    fi
    if sudo -n true 2>/dev/null; then
      sudo=(sudo -n)
    elif [ -t 0 ] && [ -z "${CI:-}" ]; then
      say "sudo needs your password to install them (Ctrl-C to do it yourself):"
      say "    $manual"
      sudo=(sudo)
    else
      err "not root and sudo needs a password. Run this, then try again:"
      err "    $manual"
      exit 1
    fi
  fi
  say "running: ${sudo[*]}${sudo:+ }apt-get update"
  if ! "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -q -o DPkg::Lock::Timeout=300; then
    err "apt-get update failed. Run this yourself, then try again:"
    err "    $manual"
    exit 1
  fi
  say "running: ${sudo[*]}${sudo:+ }apt-get install ${apt_opts[*]} ${missing[*]}"
  if ! "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install "${apt_opts[@]}" "${missing[@]}"; then
    err "apt-get install failed. Run this yourself, then try again:"
    err "    $manual"
    exit 1
  fi
  still=()
  for p in "${missing[@]}"; do
    status="$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)"
    [ "$status" = "install ok installed" ] || still+=("$p")
  done
  if [ ${#still[@]} -gt 0 ]; then
    err "still not installed after apt-get: ${still[*]}"
    exit 1
  fi
  say "installed: ${missing[*]}"
fi

check_go || exit 1
say "ok: ${#pkgs[@]} ${mode} packages present, ${go_version}"
