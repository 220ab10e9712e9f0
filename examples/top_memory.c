/* SPDX-License-Identifier: BSD-3-Clause */
/* top_memory: the five processes using the most memory (resident set), as ps --sort=-rss.
 *   cc top_memory.c $(pkg-config --cflags --libs psutil) -o top_memory */
#include <psutil.h>
#include <stdio.h>
#include <stdlib.h>

static int by_rss(const void *a, const void *b)
{
    const psutil_proc_row_t *x = a, *y = b;
    return x->rss < y->rss ? 1 : x->rss > y->rss ? -1 : 0;
}

int main(void)
{
    psutil_proc_row_t *rows;
    size_t n;
    /* Only the files these fields need are read: stat for the name, statm for memory. */
    int rc = psutil_proc_table(PSUTIL_PF_NAME | PSUTIL_PF_MEMORY, &rows, &n);
    if (rc != 0) {
        fprintf(stderr, "top_memory: %s\n", psutil_strerror(rc));
        return 1;
    }
    qsort(rows, n, sizeof(rows[0]), by_rss);
    printf("%7s %12s  %s\n", "PID", "RSS", "NAME");
    for (size_t i = 0; i < n && i < 5; i++)
        printf("%7d %12llu  %s\n", (int)rows[i].pid, (unsigned long long)rows[i].rss, rows[i].name);
    psutil_free(rows);
    return 0;
}
