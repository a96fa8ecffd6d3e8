// SHA256_Init and its kin are deprecated in OpenSSL 3 in favour of EVP, but stay in its libcrypto; they
// are used on purpose (docket_sha256), so their deprecation is not a warning here.
#define OPENSSL_SUPPRESS_DEPRECATED
#include "CDocketOpenSSLShims.h"
#include <openssl/sha.h>

int docket_SSL_CTX_set_min_proto_version(SSL_CTX *ctx, int version) {
    return (int)SSL_CTX_set_min_proto_version(ctx, version);
}

int docket_SSL_CTX_set_max_proto_version(SSL_CTX *ctx, int version) {
    return (int)SSL_CTX_set_max_proto_version(ctx, version);
}

int docket_SSL_CTX_get_min_proto_version(SSL_CTX *ctx) {
    return (int)SSL_CTX_get_min_proto_version(ctx);
}

int docket_SSL_CTX_get_max_proto_version(SSL_CTX *ctx) {
    return (int)SSL_CTX_get_max_proto_version(ctx);
}

long docket_SSL_CTX_set_session_cache_mode(SSL_CTX *ctx, long mode) {
    return SSL_CTX_set_session_cache_mode(ctx, mode);
}

int docket_SSL_set_tlsext_host_name(SSL *ssl, const char *name) {
    return (int)SSL_set_tlsext_host_name(ssl, name);
}

int docket_SSL_set_app_data(SSL *ssl, void *data) {
    return SSL_set_app_data(ssl, data);
}

void *docket_SSL_get_app_data(const SSL *ssl) {
    return SSL_get_app_data(ssl);
}

SSL *docket_X509_STORE_CTX_get_ssl(X509_STORE_CTX *store) {
    return (SSL *)X509_STORE_CTX_get_ex_data(store, SSL_get_ex_data_X509_STORE_CTX_idx());
}

long docket_BIO_get_mem_data(BIO *bio, char **data) {
    return BIO_get_mem_data(bio, data);
}

int docket_ERR_GET_REASON(unsigned long code) {
    return ERR_GET_REASON(code);
}

EVP_PKEY *docket_EVP_PKEY_generate_p256(void) {
    return EVP_EC_gen("P-256");
}

GENERAL_NAMES *docket_X509_get_subject_alt_names(const X509 *cert) {
    return (GENERAL_NAMES *)X509_get_ext_d2i(cert, NID_subject_alt_name, NULL, NULL);
}

int docket_GENERAL_NAMES_count(const GENERAL_NAMES *names) {
    return sk_GENERAL_NAME_num(names);
}

const char *docket_GENERAL_NAMES_dns_name_at(const GENERAL_NAMES *names, int index, int *length) {
    const GENERAL_NAME *name = sk_GENERAL_NAME_value(names, index);
    if (name == NULL || name->type != GEN_DNS) {
        return NULL;
    }
    *length = ASN1_STRING_length(name->d.dNSName);
    return (const char *)ASN1_STRING_get0_data(name->d.dNSName);
}

void docket_GENERAL_NAMES_free(GENERAL_NAMES *names) {
    GENERAL_NAMES_free(names);
}

void docket_OPENSSL_free(void *pointer) {
    OPENSSL_free(pointer);
}

uint64_t docket_SSL_OP_NO_RENEGOTIATION(void) {
    return SSL_OP_NO_RENEGOTIATION;
}

uint64_t docket_SSL_OP_NO_COMPRESSION(void) {
    return SSL_OP_NO_COMPRESSION;
}

uint64_t docket_SSL_OP_NO_TICKET(void) {
    return SSL_OP_NO_TICKET;
}

int docket_sha256(const void *data, size_t count, unsigned char *digest) {
    // EVP_Digest would fetch the digest from a provider, and libcrypto initialises its providers and
    // reads its config file on the first fetch: a millisecond, which a `docket` command writing one
    // change would pay on every run. These calls are the same SHA-256 code, reached directly.
    SHA256_CTX context;
    if (SHA256_Init(&context) != 1 || SHA256_Update(&context, data, count) != 1) return 0;
    return SHA256_Final(digest, &context);
}
