"""Who may upload: curators and superusers, never the reader group.

Uploading creates and replaces sources, so it goes with the permission to change a
source file, which the curator group has and the reader group lacks (documents.roles).
"""


def can_upload(user) -> bool:
    return user.is_active and user.is_staff and user.has_perm("documents.change_sourcefile")
