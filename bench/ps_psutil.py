# SPDX-License-Identifier: BSD-3-Clause
# The python3-psutil peer of `psutil ps`: process_iter with the same fields, one line
# per process. Run with Debian's /usr/bin/python3.
import sys
import time

import psutil

now = time.time()
out = []
for p in psutil.process_iter(['pid', 'ppid', 'username', 'status', 'cpu_times',
                              'memory_info', 'num_threads', 'create_time', 'cmdline', 'name']):
    i = p.info
    t = i['cpu_times']
    cpu = (t.user + t.system) / max(now - i['create_time'], 1e-9) * 100 if t else 0
    m = i['memory_info']
    out.append('%s %d %d %s %.1f %d %d %d %s %s' % (
        i['username'], i['pid'], i['ppid'], i['status'], cpu, m.rss if m else 0,
        m.vms if m else 0, i['num_threads'] or 0, i['create_time'],
        ' '.join(i['cmdline'] or []) or '[%s]' % i['name']))
sys.stdout.write('\n'.join(out) + '\n')
