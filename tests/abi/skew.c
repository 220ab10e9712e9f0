/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * skew.c - a program for the ABI test (test_build.c): it prints what the library gives
 * for the fixture tree tests/fixtures/linux/abi, one value per line, and checks that
 * nothing is written past its own structs. Built against the header as it is, and
 * against a header whose growable structs (abi/growable.supp) gained a last member
 * `skew_extra` (-DSKEW_GROWN), and run against a library built from either header: every
 * pairing must print the same lines and exit 0.
 *
 *   skew PROCFS_ROOT
 */
#include <stdio.h>
#include <string.h>

#include "psutil.h"

static int failures;

#define EXPECT(cond)                                                                               \
    do {                                                                                           \
        if (!(cond)) {                                                                             \
            printf("FAILED: %s (line %d)\n", #cond, __LINE__);                                     \
            failures++;                                                                            \
        }                                                                                          \
    } while (0)

/* A struct of the program's size inside a buffer with 32 sentinel bytes after it: a
 * library writing past the program's struct shows there. */
#define GUARD 32
static int guard_intact(const unsigned char *buf, size_t size)
{
    for (size_t i = size; i < size + GUARD; i++)
        if (buf[i] != 0xA5)
            return 0;
    return 1;
}

static void print_text(const char *label, const char *s, size_t n)
{
    printf("%s=", label);
    for (size_t i = 0; i < n; i++)
        putchar(s[i] ? s[i] : '|');
    putchar('\n');
}

int main(int argc, char **argv)
{
    if (argc != 2 || psutil_set_root(PSUTIL_ROOT_PROC, argv[1]) != 0) {
        fprintf(stderr, "usage: skew PROCFS_ROOT\n");
        return 2;
    }
    unsigned char buf[4096];

    /* A struct: the known members, nothing past them, and (grown) 0 in the new one. */
    psutil_virtual_memory_t *vm = (psutil_virtual_memory_t *)(void *)buf;
    memset(buf, 0xA5, sizeof(buf));
    EXPECT(psutil_virtual_memory(vm) == 0);
    printf("vm total=%llu available=%llu used=%llu\n", (unsigned long long)vm->total,
           (unsigned long long)vm->available, (unsigned long long)vm->used);
    EXPECT(guard_intact(buf, sizeof(*vm)));
#ifdef SKEW_GROWN
    EXPECT(vm->skew_extra == 0);
#endif

    psutil_proc_t *p;
    EXPECT(psutil_proc_open(302, &p) == 0);
    psutil_proc_memory_ex_t *mx = (psutil_proc_memory_ex_t *)(void *)buf;
    memset(buf, 0xA5, sizeof(buf));
    EXPECT(psutil_proc_memory_info_ex(p, mx) == 0);
    printf("302 rss=%llu vms=%llu peak_rss=%llu\n", (unsigned long long)mx->base.rss,
           (unsigned long long)mx->base.vms, (unsigned long long)mx->peak_rss);
    EXPECT(guard_intact(buf, sizeof(*mx)));
#ifdef SKEW_GROWN
    EXPECT(mx->skew_extra == 0);
#endif
    psutil_proc_close(p);

    /* The error record (the largest struct, 1.3 KB). */
    psutil_error_info_t *e = (psutil_error_info_t *)(void *)buf;
    memset(buf, 0xA5, sizeof(buf));
    EXPECT(psutil_proc_open(999, &p) == PSUTIL_ENOSUCHPROC);
    EXPECT(psutil_last_error(e) == 0);
    printf("error code=%d errno=%d\n", e->code, e->os_errno);
    EXPECT(guard_intact(buf, sizeof(*e)));
#ifdef SKEW_GROWN
    EXPECT(e->skew_extra == 0);
#endif

    /* Lists: every record at the program's stride, strings with it. */
    psutil_proc_row_t *rows;
    size_t n;
    EXPECT(psutil_proc_table(PSUTIL_PF_ALL, &rows, &n) == 0);
    for (size_t i = 0; i < n; i++) {
        const psutil_proc_row_t *r = &rows[i];
        printf("row pid=%d ppid=%d name=%s uid=%lld rss=%llu utime=%.2f read_bytes=%llu "
               "fds=%lld vol=%llu\n",
               (int)r->pid, (int)r->ppid, r->name, (long long)r->uids.real,
               (unsigned long long)r->rss, r->cpu.user, (unsigned long long)r->io.read_bytes,
               (long long)r->num_fds, (unsigned long long)r->ctx.voluntary);
        print_text("row cmdline", r->cmdline, strlen(r->cmdline));
        print_text("row args", r->args, r->args_len);
#ifdef SKEW_GROWN
        EXPECT(r->skew_extra == 0);
#endif
    }
    psutil_free(rows);

    psutil_meminfo_field_t *mi;
    EXPECT(psutil_meminfo(&mi, &n) == 0);
    for (size_t i = 0; i < n; i++) {
        printf("meminfo %s=%llu bytes=%d\n", mi[i].name, (unsigned long long)mi[i].value,
               mi[i].bytes);
#ifdef SKEW_GROWN
        EXPECT(mi[i].skew_extra == 0);
#endif
    }
    psutil_free(mi);

    psutil_cpu_times_t *ct;
    EXPECT(psutil_cpu_times_percpu(&ct, &n) == 0);
    for (size_t i = 0; i < n; i++)
        printf("cpu%d user=%.2f steal=%.2f\n", ct[i].cpu, ct[i].user, ct[i].steal);
    psutil_free(ct);

    printf("%d failures\n", failures);
    return failures != 0;
}
