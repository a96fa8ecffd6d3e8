// Function wrappers for OpenSSL macros and variadic calls that Swift cannot import, and SHA-256 through
// the calls that skip libcrypto's provider set-up.
#ifndef C_DOCKET_OPENSSL_SHIMS_H
#define C_DOCKET_OPENSSL_SHIMS_H

#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

int docket_SSL_CTX_set_min_proto_version(SSL_CTX *ctx, int version);
int docket_SSL_CTX_set_max_proto_version(SSL_CTX *ctx, int version);
int docket_SSL_CTX_get_min_proto_version(SSL_CTX *ctx);
int docket_SSL_CTX_get_max_proto_version(SSL_CTX *ctx);
long docket_SSL_CTX_set_session_cache_mode(SSL_CTX *ctx, long mode);
int docket_SSL_set_tlsext_host_name(SSL *ssl, const char *name);
int docket_SSL_set_app_data(SSL *ssl, void *data);
void *docket_SSL_get_app_data(const SSL *ssl);
/// The SSL* a certificate verification belongs to.
SSL *docket_X509_STORE_CTX_get_ssl(X509_STORE_CTX *store);

long docket_BIO_get_mem_data(BIO *bio, char **data);
int docket_ERR_GET_REASON(unsigned long code);

/// SHA-256 of count bytes into digest (32 bytes), without libcrypto's provider set-up: 1 on success.
int docket_sha256(const void *data, size_t count, unsigned char *digest);

/// A fresh P-256 key pair, or NULL.
EVP_PKEY *docket_EVP_PKEY_generate_p256(void);

/// Subject alternative names of the form DNS:name, as a stack the caller walks with the two calls below.
GENERAL_NAMES *docket_X509_get_subject_alt_names(const X509 *cert);
int docket_GENERAL_NAMES_count(const GENERAL_NAMES *names);
/// The DNS name at index, or NULL when that entry is not a DNS name. The string is owned by the stack.
const char *docket_GENERAL_NAMES_dns_name_at(const GENERAL_NAMES *names, int index, int *length);
void docket_GENERAL_NAMES_free(GENERAL_NAMES *names);

void docket_OPENSSL_free(void *pointer);

/// The option bits Docket always sets: no renegotiation, no compression, no session tickets.
uint64_t docket_SSL_OP_NO_RENEGOTIATION(void);
uint64_t docket_SSL_OP_NO_COMPRESSION(void);
uint64_t docket_SSL_OP_NO_TICKET(void);

#endif
