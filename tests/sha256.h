/* SPDX-License-Identifier: BSD-3-Clause */
/* sha256.h - SHA-256 (FIPS 180-4) for the tests' receivers; checked against sha256sum. */
#ifndef PSUTIL_TEST_SHA256_H
#define PSUTIL_TEST_SHA256_H

#include <stddef.h>
#include <stdint.h>

typedef struct sha256 {
    uint32_t h[8];
    uint64_t len;
    unsigned char block[64];
    size_t fill;
} sha256;

void sha256_init(sha256 *c);
void sha256_update(sha256 *c, const void *data, size_t n);
/* Writes the digest as 64 lowercase hex digits and a NUL. */
void sha256_hex(sha256 *c, char out[65]);

#endif
