/* SPDX-License-Identifier: BSD-3-Clause */
/* container_limits: how many CPUs and how much memory this process may really use, as a
 * runtime sizing its thread pool and heap should ask (the cgroup's quota, cpuset and
 * memory limit, beside the machine's figures).
 *   cc container_limits.c $(pkg-config --cflags --libs psutil) -o container_limits */
#include <psutil.h>
#include <stdio.h>

static void bytes(const char *label, uint64_t v)
{
    if (v == PSUTIL_UNLIMITED)
        printf("%-16s unlimited\n", label);
    else
        printf("%-16s %llu\n", label, (unsigned long long)v);
}

int main(void)
{
    psutil_cgroup_limits_t l;
    psutil_virtual_memory_t vm;
    int online = 0;
    int rc = psutil_cgroup_limits(&l);
    if (rc == 0)
        rc = psutil_virtual_memory(&vm);
    if (rc == 0)
        rc = psutil_cpu_count(1, &online);
    if (rc != 0) {
        fprintf(stderr, "container_limits: %s\n", psutil_strerror(rc));
        return 1;
    }
    printf("%-16s %d\n", "cpus online", online);
    if (l.have & PSUTIL_CG_CPU) {
        if (l.cpu_quota < 0)
            printf("%-16s none\n", "cpu quota");
        else
            printf("%-16s %.2f\n", "cpu quota", l.cpu_quota);
    }
    if (l.have & PSUTIL_CG_CPUSET)
        printf("%-16s %d\n", "cpuset", l.cpuset_cpus);
    printf("%-16s %.2f\n", "cpus usable", l.effective_cpus);
    bytes("memory total", vm.total);
    if (l.have & PSUTIL_CG_MEMORY) {
        bytes("memory limit", l.memory_max);
        bytes("memory used", l.memory_current);
    }
    if (l.have & PSUTIL_CG_PIDS)
        bytes("tasks limit", l.pids_max);
    printf("%-16s v%d\n", "cgroup", l.version);
    return 0;
}
