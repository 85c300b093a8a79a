#!/usr/bin/env bash
# Makes the TLS material of the test broker in DIR (idempotent: an existing set is kept):
#   ca.pem            the test CA (the file the app is given as its CA certificate)
#   broker.p12        the broker's key and certificate (SAN 127.0.0.1 and localhost), PKCS#12,
#                     password in broker.p12.password, signed by ca.pem
#   wrong-ca.pem      another CA that signed nothing the broker shows: "wrong CA" tests
#
#   make-tls.sh DIR
# Keys are throw-away (RSA 2048, 2 days): they exist only for one test run on loopback.
set -euo pipefail
[ $# -eq 1 ] || { echo "usage: $0 DIR" >&2; exit 2; }
mkdir -p "$1"
dir=$(cd "$1" && pwd)
[ -s "$dir/broker.p12" ] && [ -s "$dir/ca.pem" ] && [ -s "$dir/wrong-ca.pem" ] && exit 0

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
umask 077

make_ca() { # NAME CN
  openssl req -x509 -newkey rsa:2048 -nodes -keyout "$1-key.pem" -out "$1.pem" -days 2 \
    -subj "/CN=$2" -addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign,cRLSign \
    2>/dev/null
}
make_ca ca "NS Inbox test CA"
make_ca wrong-ca "NS Inbox unrelated CA"

openssl req -newkey rsa:2048 -nodes -keyout broker-key.pem -out broker.csr -subj "/CN=localhost" 2>/dev/null
cat >broker.ext <<'EXT'
basicConstraints=CA:FALSE
keyUsage=critical,digitalSignature,keyEncipherment
extendedKeyUsage=serverAuth
subjectAltName=IP:127.0.0.1,DNS:localhost
EXT
openssl x509 -req -in broker.csr -CA ca.pem -CAkey ca-key.pem -CAcreateserial -days 2 \
  -extfile broker.ext -out broker.pem 2>/dev/null
password=$(openssl rand -hex 16)
# Java 17 reads openssl 3's default PKCS#12 (AES-256, PBKDF2).
openssl pkcs12 -export -in broker.pem -inkey broker-key.pem -certfile ca.pem -name broker \
  -passout "pass:$password" -out broker.p12
printf '%s' "$password" >broker.p12.password

cp ca.pem wrong-ca.pem broker.p12 broker.p12.password "$dir/"
chmod 644 "$dir/ca.pem" "$dir/wrong-ca.pem"
echo "TLS material in $dir"
