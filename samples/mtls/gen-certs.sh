#!/bin/sh
# Generates throwaway certificates for the mTLS sample into DIR (default: ./certs):
#   ca.crt / ca.key                 the CA that signs the server and the client
#   server.crt / server.key         for the TLS front (names: localhost, temporal.local, 127.0.0.1)
#   client.crt / client.key         the worker's and starter's identity
#   other-ca.crt, other-client.*    a second, untrusted CA and a client it signed (negative tests)
# Private keys are generated locally and never committed (see .gitignore). Requires openssl.
set -eu
dir=${1:-certs}
days=${DAYS:-30}
mkdir -p "$dir"
cd "$dir"
umask 077

ca() { # name subject
    openssl req -x509 -newkey rsa:2048 -nodes -sha256 -days "$days" \
        -keyout "$1.key" -out "$1.crt" -subj "$2" \
        -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" 2>/dev/null
}

leaf() { # name subject ca extensions
    openssl req -newkey rsa:2048 -nodes -sha256 -keyout "$1.key" -out "$1.csr" -subj "$2" 2>/dev/null
    printf '%s\n' "$4" > "$1.ext"
    openssl x509 -req -sha256 -days "$days" -in "$1.csr" -CA "$3.crt" -CAkey "$3.key" -CAcreateserial \
        -out "$1.crt" -extfile "$1.ext" 2>/dev/null
    rm -f "$1.csr" "$1.ext"
}

ca ca "/CN=Temporal samples test CA"
leaf server "/CN=temporal.local" ca \
    "subjectAltName=DNS:localhost,DNS:temporal.local,IP:127.0.0.1
extendedKeyUsage=serverAuth"
leaf client "/CN=temporal-samples-client" ca "extendedKeyUsage=clientAuth"
ca other-ca "/CN=Some other CA"
leaf other-client "/CN=impostor" other-ca "extendedKeyUsage=clientAuth"
rm -f ./*.srl
chmod 644 ./*.crt
echo "Certificates written to $(pwd)"
