def test_a_case_reaches_settled(world, ctx):
    case = world.load(world.case("settled"))
    assert case.state.value == "settled"
