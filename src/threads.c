/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * threads.c - the process-wide cap on the library's worker threads (psutil.h, "The
 * library's own threads and stack"); the OS layer reads it when it splits a walk.
 */
#include <stdatomic.h>

#include "internal.h"

static atomic_uint max_threads; /* 0: the default, one per online CPU */

void psutil_set_max_threads(unsigned n)
{
    atomic_store(&max_threads, n);
}

unsigned psutil_max_threads(void)
{
    return atomic_load(&max_threads);
}
