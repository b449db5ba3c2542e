# Read by cpack once for each generator it runs (CPACK_PROJECT_CONFIG_FILE in packaging/CMakeLists.txt):
# the settings that differ between the generators of one build tree.

if(CPACK_GENERATOR MATCHES "^(TGZ|TXZ|ZIP)$")
    # The archives are the portable bundle: the installed tree (bin/, share/) plus the start scripts of
    # the EXCLUDE_FROM_ALL component "portable" at the top, all in one archive.
    # One cpack run may do several generators with the same variables: set, do not append.
    set(CPACK_MONOLITHIC_INSTALL OFF)
    set(CPACK_ARCHIVE_COMPONENT_INSTALL ON)
    set(CPACK_COMPONENTS_GROUPING ALL_COMPONENTS_IN_ONE)
    set(CPACK_COMPONENT_INCLUDE_TOPLEVEL_DIRECTORY ON)   # unpacks into SmartData-<version>-<system>-portable/
    set(CPACK_COMPONENTS_ALL ${CPACK_SMARTDATA_ALL_COMPONENTS})
    set(CPACK_PACKAGE_FILE_NAME "${CPACK_PACKAGE_NAME}-${CPACK_PACKAGE_VERSION}-${CPACK_SYSTEM_NAME}-portable")
    set(CPACK_ARCHIVE_FILE_NAME "${CPACK_PACKAGE_FILE_NAME}")
else()
    # DEB, NSIS, DragNDrop: one package of everything a plain install installs (so no "portable"
    # component and, for NSIS, no components page).
    set(CPACK_MONOLITHIC_INSTALL ON)
    set(CPACK_COMPONENTS_ALL "")
endif()

if(CPACK_GENERATOR STREQUAL "DragNDrop")
    set(CPACK_PACKAGE_ICON "${CPACK_SMARTDATA_DMG_ICON}")
endif()
