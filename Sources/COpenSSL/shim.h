// COpenSSL: the OpenSSL (libcrypto) headers Facteur uses: SHA-256 through EVP, AES-256-GCM for secrets
// at rest, and the CSPRNG. Header-only; prefix copenssl_ only where an API is a macro.
#ifndef COPENSSL_SHIM_H
#define COPENSSL_SHIM_H

#include <openssl/evp.h>
#include <openssl/rand.h>
#include <openssl/err.h>

#endif
