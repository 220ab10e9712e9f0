/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * index.c - a hash index over entries the caller stores elsewhere (records of a result
 * block, names in a buffer): it maps a hash to the entry's position and asks the caller
 * whether a candidate is the same key. Open addressing with linear probing, grown at half
 * load, so building a list with "first occurrence wins" or "sum per key" stays linear in
 * the input (environ with 100,000 variables, smaps with 30,000 files).
 */
#include <string.h>

#include "util.h"

uint64_t psutil__hash_bytes(const void *p, size_t n)
{
    /* FNV-1a, 64 bits, then a final mix so nearby keys spread over the low bits. */
    const unsigned char *b = p;
    uint64_t h = UINT64_C(0xcbf29ce484222325);
    for (size_t i = 0; i < n; i++) {
        h ^= b[i];
        h *= UINT64_C(0x100000001b3);
    }
    h ^= h >> 33;
    h *= UINT64_C(0xff51afd7ed558ccd);
    return h ^ (h >> 33);
}

static int grow(psutil__index *x)
{
    size_t cap = x->cap ? x->cap * 2 : 64;
    struct psutil__index_slot *v = psutil__calloc(cap, sizeof(*v));
    if (!v)
        return psutil__error(PSUTIL_ENOMEM, 0, NULL, "hash index");
    for (size_t i = 0; i < x->cap; i++) {
        if (!x->v[i].pos1)
            continue;
        size_t k = (size_t)x->v[i].hash & (cap - 1);
        while (v[k].pos1)
            k = (k + 1) & (cap - 1);
        v[k] = x->v[i];
    }
    psutil__dealloc(x->v);
    x->v = v;
    x->cap = cap;
    return 0;
}

int psutil__index_find_or_add(psutil__index *x, uint64_t hash, int (*same)(void *ctx, size_t pos),
                              void *ctx, size_t new_pos, size_t *pos)
{
    if ((x->n + 1) * 2 > x->cap) {
        int rc = grow(x);
        if (rc != 0)
            return rc;
    }
    size_t k = (size_t)hash & (x->cap - 1);
    for (; x->v[k].pos1; k = (k + 1) & (x->cap - 1)) {
        if (x->v[k].hash == hash && same(ctx, x->v[k].pos1 - 1)) {
            *pos = x->v[k].pos1 - 1;
            return 1;
        }
    }
    x->v[k].hash = hash;
    x->v[k].pos1 = new_pos + 1;
    x->n++;
    *pos = new_pos;
    return 0;
}

void psutil__index_release(psutil__index *x)
{
    psutil__dealloc(x->v);
    memset(x, 0, sizeof(*x));
}
