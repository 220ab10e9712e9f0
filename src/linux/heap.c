/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * heap.c - the calling process's own C allocator on Linux (psutil 8's heap_info and
 * heap_trim): glibc's mallinfo2() (2.33+, with 64-bit fields, unlike the int fields of
 * mallinfo()) and malloc_trim(). Other C libraries (musl) have neither: not supported.
 */
#include <malloc.h>

#include "../os.h"

int psutil__os_heap_info(psutil_heap_info_t *out)
{
#if defined(__GLIBC__) && (__GLIBC__ > 2 || (__GLIBC__ == 2 && __GLIBC_MINOR__ >= 33))
    struct mallinfo2 mi = mallinfo2();
    out->heap_used = (uint64_t)mi.uordblks;
    out->mmap_used = (uint64_t)mi.hblkhd;
    out->heap_count = 0;
    return 0;
#else
    (void)out;
    return psutil__error(PSUTIL_ENOTSUP, 0, NULL, "the C library has no mallinfo2");
#endif
}

int psutil__os_heap_trim(int *released)
{
#if defined(__GLIBC__)
    *released = malloc_trim(0) != 0;
    return 0;
#else
    (void)released;
    return psutil__error(PSUTIL_ENOTSUP, 0, NULL, "the C library has no malloc_trim");
#endif
}
