# -*- coding: utf-8 -*-
# Copyright 2026 the nictune authors. See COPYING.

from __future__ import absolute_import, division, print_function
__metaclass__ = type


class ModuleDocFragment(object):
    # The options every module of the collection takes: which agent, and which nictune executable talks to it.
    DOCUMENTATION = r'''
options:
  target:
    description: The agent, as the CLI's C(--target) takes it (C(unix:///path) or C(https://host:port)).
    type: str
    default: unix:///run/nictune/nictune.sock
  nictune_path:
    description: The C(nictune) executable, a path or a name on E(PATH).
    type: path
    default: nictune
'''

    # Check and diff mode as nictune_profile and nictune_rollback support them: the agent's own dry run.
    CHECK_AND_DIFF = r'''
attributes:
  check_mode:
    description: Can run in check mode and return changed status prediction without modifying the agent or the kernel.
    support: full
  diff_mode:
    description: Returns the settings that change, each with its current and new value.
    support: full
'''
