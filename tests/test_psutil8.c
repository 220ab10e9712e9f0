/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * test_psutil8.c - psutil 8's additions: memory_footprint (against smaps_rollup read
 * directly and memory_full_info), heap_info / heap_trim (against allocations this test
 * makes), and bytes2human (against python3-psutil's own bytes2human, value for value).
 */
#include <malloc.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "proc_util.h"

TEST(bytes2human_is_psutils_rule)
{
    static const uint64_t values[] = {
        0,          1,          1023,      1024,      1025,
        10000,      1048575,    1048576,   123456789, (1ull << 40) - 1,
        1ull << 50, 1ull << 63, UINT64_MAX};
    char code[1024] = "from psutil._common import bytes2human\n";
    for (size_t i = 0; i < sizeof(values) / sizeof(values[0]); i++)
        snprintf(code + strlen(code), sizeof(code) - strlen(code),
                 "print('v%zu', bytes2human(%llu).encode().hex())\n", i,
                 (unsigned long long)values[i]);
    oracle *o = oracle_start(code);
    for (size_t i = 0; i < sizeof(values) / sizeof(values[0]); i++) {
        char key[16], buf[16];
        snprintf(key, sizeof(key), "v%zu", i);
        CHECK_OK(psutil_bytes2human(values[i], buf, sizeof(buf)));
        CHECK_MSG(strcmp(buf, oracle_str(o, key)) == 0, "%llu: ours %s, psutil %s",
                  (unsigned long long)values[i], buf, oracle_str(o, key));
    }
    oracle_finish(o);
    char small[5] = "keep";
    CHECK_RC(psutil_bytes2human(123456789, small, sizeof(small)), PSUTIL_ENOBUFS);
    CHECK(strcmp(small, "keep") == 0);
    CHECK_RC(psutil_bytes2human(1, NULL, 8), PSUTIL_EINVAL);
}

TEST(heap_info_sees_this_process_allocate_and_free)
{
    if (HARNESS_ASAN)
        harness_skip("ASan replaces malloc: mallinfo2 sees none of the test's allocations; the "
                     "plain build runs this test");
    psutil_heap_info_t a, b, c;
    CHECK_OK(psutil_heap_info(&a));
    /* 64 MiB is above the mmap threshold: mmap_used grows by at least that much. */
    char *big = malloc(64 << 20);
    CHECK(big != NULL);
    memset(big, 1, 64 << 20);
    /* 4,000 blocks of 1 KiB come from the heap. */
    char *small[4000];
    for (int i = 0; i < 4000; i++)
        small[i] = malloc(1024);
    CHECK_OK(psutil_heap_info(&b));
    CHECK_MSG(b.mmap_used >= a.mmap_used + (64 << 20), "mmap_used %llu -> %llu",
              (unsigned long long)a.mmap_used, (unsigned long long)b.mmap_used);
    CHECK_MSG(b.heap_used >= a.heap_used + 4000 * 1024, "heap_used %llu -> %llu",
              (unsigned long long)a.heap_used, (unsigned long long)b.heap_used);
    /* Against glibc's own figures, read right after. */
    struct mallinfo2 mi = mallinfo2();
    CHECK_EQ_U64(b.mmap_used, mi.hblkhd);
    CHECK(b.heap_count == 0);
    free(big);
    for (int i = 0; i < 4000; i++)
        free(small[i]);
    CHECK_OK(psutil_heap_info(&c));
    CHECK(c.mmap_used + (64 << 20) <= b.mmap_used);
    CHECK(c.heap_used + 4000 * 1024 <= b.heap_used);
    int released = -1;
    CHECK_OK(psutil_heap_trim(&released));
    CHECK(released == 0 || released == 1);
    CHECK_OK(psutil_heap_trim(NULL));
    CHECK_RC(psutil_heap_info(NULL), PSUTIL_EINVAL);
    /* The exporter reports its own heap, which its scrape text itself occupies. */
    int st;
    char *out = tool("serve --once --no-procs", &st);
    CHECK(st == 0 && out);
    const char *at = strstr(out, "psutil_exporter_heap_bytes{kind=\"heap\"} ");
    CHECK(at && atof(at + strlen("psutil_exporter_heap_bytes{kind=\"heap\"} ")) > 1024);
    free(out);
}

/* Sum of one key over smaps_rollup read directly, in bytes. */
static uint64_t rollup(int pid, const char *key)
{
    char path[64], *text, *line;
    uint64_t sum = 0;
    snprintf(path, sizeof(path), "/proc/%d/smaps_rollup", pid);
    text = slurp(path, NULL);
    CHECK(text != NULL);
    for (line = strtok(text, "\n"); line; line = strtok(NULL, "\n")) {
        unsigned long long kb;
        size_t k = strlen(key);
        if (strncmp(line, key, k) == 0 && sscanf(line + k, " %llu", &kb) == 1)
            sum += kb * 1024;
    }
    free(text);
    return sum;
}

TEST(memory_footprint_is_full_infos_expensive_part)
{
    int pid = child_sleeping();
    psutil_proc_t *p;
    psutil_proc_memory_footprint_t f;
    psutil_proc_memory_full_t full;
    CHECK_OK(psutil_proc_open(pid, &p));
    /* The child settles after its start (page faults): wait until two readings of
     * smaps_rollup agree, then the figures hold still. */
    uint64_t last = 0;
    for (int i = 0; i < 100; i++) {
        uint64_t now_uss = rollup(pid, "Private_Dirty:") + rollup(pid, "Pss:");
        if (i > 0 && now_uss == last)
            break;
        last = now_uss;
        usleep(50000);
    }
    /* PSS moves whenever another process maps or unmaps the pages it shares (libc): take
     * footprint, full info, the kernel's rollup and footprint again until all agree (a
     * wrong figure never does, and fails below after 50 tries). */
    psutil_proc_memory_footprint_t again;
    uint64_t kernel_pss = 0, kernel_uss = 0;
    for (int i = 0; i < 50; i++) {
        CHECK_OK(psutil_proc_memory_footprint(p, &f));
        CHECK_OK(psutil_proc_memory_full_info(p, &full));
        kernel_pss = rollup(pid, "Pss:");
        kernel_uss = rollup(pid, "Private_Clean:") + rollup(pid, "Private_Dirty:") +
                     rollup(pid, "Private_Hugetlb:");
        CHECK_OK(psutil_proc_memory_footprint(p, &again));
        if (f.pss == again.pss && f.uss == again.uss && f.pss == full.pss && f.uss == full.uss &&
            f.pss == kernel_pss && f.uss == kernel_uss)
            break;
        usleep(20000);
    }
    CHECK_EQ_U64(f.uss, full.uss);
    CHECK_EQ_U64(f.pss, full.pss);
    CHECK_EQ_U64(f.swap, full.swap);
    CHECK_EQ_U64(f.uss, kernel_uss);
    CHECK_EQ_U64(f.pss, kernel_pss);
    CHECK_EQ_U64(f.swap, rollup(pid, "Swap:"));
    CHECK(f.uss > 0 && f.pss >= f.uss);
    CHECK_RC(psutil_proc_memory_footprint(p, NULL), PSUTIL_EINVAL);
    /* The tool shows the same figures. */
    char args[64];
    int st;
    snprintf(args, sizeof(args), "procinfo --json %d", pid);
    psutil_proc_memory_footprint_t f1, f2;
    CHECK_OK(psutil_proc_memory_footprint(p, &f1));
    char *out = tool(args, &st);
    CHECK(st == 0 && out);
    CHECK_OK(psutil_proc_memory_footprint(p, &f2));
    /* The child's figures can move under a loaded machine (khugepaged, reclaim): the tool's
     * equal ours read just before or just after it ran. */
    double uss = json_eval(out, "d['memory_footprint']['uss']");
    double swap = json_eval(out, "d['memory_footprint']['swap']");
    CHECK_MSG(uss == (double)f1.uss || uss == (double)f2.uss, "tool uss %.0f, ours %llu / %llu",
              uss, (unsigned long long)f1.uss, (unsigned long long)f2.uss);
    CHECK(swap == (double)f1.swap || swap == (double)f2.swap);
    /* PSS shrinks while another process maps the same pages, and the tool reading it maps
     * libc itself: its figure lies between the child's USS and ours without the tool. */
    CHECK_BETWEEN(json_eval(out, "d['memory_footprint']['pss']"), fmin(f1.uss, f2.uss),
                  fmax(f.pss, fmax(f1.pss, f2.pss)), 0);
    free(out);
    psutil_proc_close(p);
    kill(pid, SIGKILL);
    waitpid(pid, NULL, 0);
}
