// Precompiled header of the test programs: the library's, plus Catch2 (see pch/recon_pch.hpp).

#include "../../pch/recon_pch.hpp"

#include <catch2/catch.hpp>
