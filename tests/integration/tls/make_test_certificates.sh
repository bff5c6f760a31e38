#!/usr/bin/env bash
# Writes throwaway TLS material for the TLS tests into DIR (made if missing), with Debian's
# openssl command. Nothing here is ever reused: every test run makes its own, valid for two days.
#   ca.pem              a test CA
#   server.pem/.key     a server certificate the CA issued, for DNS name localhost only (no IP
#                       address, so a client that connects to 127.0.0.1 must be told the name)
#   other-ca.pem        a second CA, which did not issue server.pem
#   other.key           a key that does not belong to server.pem
#   not-pem.txt         a file that is no PEM at all
set -euo pipefail
dir="${1:?usage: make_test_certificates.sh DIR}"
mkdir -p "$dir"
cd "$dir"
key() { openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$1" 2>/dev/null; }
ca() {  # ca NAME SUBJECT
  key "$1.key"
  openssl req -x509 -new -key "$1.key" -days 2 -subj "$2" -out "$1.pem" \
    -addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign,cRLSign
}
ca ca "/CN=investtrack test CA"
ca other-ca "/CN=another test CA"
key server.key
openssl req -new -key server.key -subj "/CN=localhost" -out server.csr
openssl x509 -req -in server.csr -CA ca.pem -CAkey ca.key -CAcreateserial -days 2 -out server.pem \
  -extfile <(printf 'subjectAltName=DNS:localhost\nextendedKeyUsage=serverAuth\n') 2>/dev/null
key other.key
echo "this is not a certificate" > not-pem.txt
rm -f server.csr ca.srl
