/* SPDX-License-Identifier: BSD-3-Clause */
/* The README's example: memory and CPU use, built against the installed psutil.pc:
 *   cc example.c $(pkg-config --cflags --libs psutil) -o example */
#include <psutil.h>
#include <stdio.h>

int main(void)
{
    psutil_virtual_memory_t vm;
    double busy;
    int rc = psutil_virtual_memory(&vm);
    if (rc != 0) {
        fprintf(stderr, "virtual_memory: %s\n", psutil_strerror(rc));
        return 1;
    }
    rc = psutil_cpu_percent_interval(0.5, &busy);
    if (rc != 0) {
        fprintf(stderr, "cpu_percent: %s\n", psutil_strerror(rc));
        return 1;
    }
    printf("memory: %llu of %llu bytes available (%.1f%% used)\n",
           (unsigned long long)vm.available, (unsigned long long)vm.total, vm.percent);
    printf("cpu: %.1f%% busy over 0.5 s\n", busy);
    return 0;
}
