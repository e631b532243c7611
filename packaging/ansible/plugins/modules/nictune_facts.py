#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright 2026 the nictune authors. See COPYING.

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r'''
---
module: nictune_facts
short_description: Read the nictune agent's status and the host's NICs as facts
description:
  - Sets C(ansible_facts.nictune) with C(status), what C(nictune status --json) reports (the active profile, its source
    and generation, the mode, the last transaction, the drifted settings and the conditions Applied, Degraded and
    Drifted), C(profiles), what the agent can apply (C(nictune profiles --json)), and C(detect), what
    C(nictune detect --json) finds on the host (interfaces, driver classes, hypervisor, advisories).
  - Changes nothing; runs in check mode as it does otherwise.
version_added: 0.1.0
author: nictune maintainers (@nictune)
extends_documentation_fragment:
  - nictune.agent.agent
options:
  detect:
    description: Also run C(nictune detect --json) on the managed host (it reads the host's own sysfs, not the agent's).
    type: bool
    default: true
attributes:
  check_mode:
    description: Can run in check mode and return changed status prediction without modifying the agent or the kernel.
    support: full
  diff_mode:
    description: Changes nothing, so has no diff.
    support: none
  facts:
    description: Sets C(ansible_facts.nictune).
    support: full
'''

EXAMPLES = r'''
- name: Read the agents
  nictune.agent.nictune_facts:

- name: Hosts whose tuning is degraded
  ansible.builtin.debug:
    msg: "{{ ansible_facts.nictune.status.conditions | selectattr('type', 'eq', 'Degraded') | map(attribute='message') | first }}"
  when: ansible_facts.nictune.status.conditions | selectattr('type', 'eq', 'Degraded') | map(attribute='status') | first
'''

RETURN = r'''
ansible_facts:
  description: The facts set.
  returned: always
  type: complex
  contains:
    nictune:
      description: C(status), C(profiles) and, with O(detect=true), C(detect).
      returned: always
      type: dict
'''

from ansible.module_utils.basic import AnsibleModule
from ansible_collections.nictune.agent.plugins.module_utils.nictune_cli import COMMON_ARGS, NictuneCli


def main():
    argument_spec = dict(detect=dict(type='bool', default=True))
    argument_spec.update(COMMON_ARGS)
    module = AnsibleModule(argument_spec=argument_spec, supports_check_mode=True)
    cli = NictuneCli(module)
    facts = dict(
        status=cli.json(['status', '--json']),
        profiles=cli.json(['profiles', '--json']).get('profiles', []),
    )
    if module.params['detect']:
        # detect reads this host's sysfs; exit 4 means it printed, but a journal is pending (values may be half-applied).
        facts['detect'] = cli.json(['detect', '--json'], with_target=False, ok=(0, 4))
    module.exit_json(changed=False, ansible_facts=dict(nictune=facts))


if __name__ == '__main__':
    main()
