/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * buf.c - the growable byte buffer the readers fill (util.h).
 */
#include "util.h"

void psutil__buf_release(psutil__buf *b)
{
    if (!b)
        return;
    psutil__dealloc(b->data);
    b->data = NULL;
    b->len = b->cap = 0;
}

int psutil__buf_reserve(psutil__buf *b, size_t want)
{
    if (b->cap >= want)
        return 0;
    size_t cap = b->cap ? b->cap : 4096;
    while (cap < want)
        cap *= 2;
    char *n = psutil__realloc(b->data, cap);
    if (!n)
        return PSUTIL_ENOMEM;
    b->data = n;
    b->cap = cap;
    return 0;
}
