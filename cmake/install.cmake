# `cmake --install`: the libraries, the public headers (include/lsm), lsmc, the models, and a
# CMake package so that another project's find_package(lsmc) + lsmc::lsmc works.
include(CMakePackageConfigHelpers)

install(TARGETS lsm_compiler lsm_runtime lsmc_api EXPORT lsmcTargets
        LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
        ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR})
install(TARGETS lsmc RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(TARGETS lsmc_commands LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR})
install(DIRECTORY ${PROJECT_SOURCE_DIR}/compiler/include/lsm ${PROJECT_SOURCE_DIR}/runtime/include/lsm
        DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(DIRECTORY ${PROJECT_SOURCE_DIR}/models DESTINATION ${CMAKE_INSTALL_DATADIR}/lsmc)

set(LSMC_CMAKE_DIR ${CMAKE_INSTALL_LIBDIR}/cmake/lsmc)
install(EXPORT lsmcTargets NAMESPACE lsmc:: DESTINATION ${LSMC_CMAKE_DIR})
configure_package_config_file(${PROJECT_SOURCE_DIR}/cmake/lsmcConfig.cmake.in
                              ${CMAKE_CURRENT_BINARY_DIR}/lsmcConfig.cmake
                              INSTALL_DESTINATION ${LSMC_CMAKE_DIR}
                              PATH_VARS CMAKE_INSTALL_DATADIR)
write_basic_package_version_file(${CMAKE_CURRENT_BINARY_DIR}/lsmcConfigVersion.cmake
                                 COMPATIBILITY SameMinorVersion)
install(FILES ${CMAKE_CURRENT_BINARY_DIR}/lsmcConfig.cmake
              ${CMAKE_CURRENT_BINARY_DIR}/lsmcConfigVersion.cmake
        DESTINATION ${LSMC_CMAKE_DIR})
