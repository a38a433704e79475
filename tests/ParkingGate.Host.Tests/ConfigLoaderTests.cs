using System.Text.Json.Nodes;
using ParkingGate.Gate.Configuration;
using ParkingGate.Host.Configuration;

namespace ParkingGate.Host.Tests;

public sealed class ConfigLoaderTests : FolderFixture
{
    [Test]
    public void The_shipped_config_describes_the_reference_estate()
    {
        var (options, tariffs) = ConfigLoader.Load(Folder.Config);
        Assert.That(tariffs.For(new DateTimeOffset(2026, 3, 2, 8, 0, 0, TimeSpan.FromHours(8)))!.Id, Is.EqualTo("fenglin-visitor"));
        Assert.That(options.Estate.Buildings, Has.Count.EqualTo(5));
        Assert.That(options.Estate.Households, Is.EqualTo(264));
        Assert.That(options.Estate.Buildings.Sum(b => b.Households), Is.EqualTo(264));
        Assert.That(options.Estate.Spaces.ResidentReserved, Is.LessThan(options.Estate.Spaces.Total));
        Assert.That(options.Plates.FuzzyBudget, Is.EqualTo(1));
    }

    // Each bad value must be named by its key in the file's own spelling.
    [TestCase("estate.spaces.residentReserved", 500, "estate.spaces.residentReserved 500")]
    [TestCase("estate.spaces.total", 0, "estate.spaces.total 0")]
    [TestCase("estate.households", 200, "estate.households 200 differs")]
    [TestCase("estate.id", "Fenglin Estate", "estate.id 'Fenglin Estate'")]
    [TestCase("estate.name", "", "estate.name is required")]
    [TestCase("estate.timeZone", "Mars/Olympus", "estate.timeZone 'Mars/Olympus'")]
    [TestCase("plates.fuzzyBudget", 3, "plates.fuzzyBudget 3")]
    [TestCase("registry.defaultVehicleQuota", 9, "registry.defaultVehicleQuota 9")]
    [TestCase("registry.maxVehicleQuota", 0, "registry.maxVehicleQuota 0")]
    [TestCase("database.path", " ", "database.path is required")]
    public void A_bad_value_is_refused_naming_its_key(string key, object value, string message)
    {
        SetValue(key, JsonValue.Create(value));
        var e = Assert.Throws<ConfigException>(() => ConfigLoader.Load(Folder.Config));
        Assert.That(e!.Message, Does.Contain(message).And.Contain(Folder.Config));
    }

    [TestCase("""[{ "name": "救护车" }]""", "gate.specialVehicles[0] ('救护车') covers no plate")]
    [TestCase("""[{ "name": "", "suffix": "警" }]""", "gate.specialVehicles[0].name '' must be 1–20 characters")]
    [TestCase("""[{ "name": "警车", "suffix": "警" }, { "name": "警车", "prefix": "WJ" }]""", "gate.specialVehicles[1].name '警车' is listed twice")]
    [TestCase("""[{ "name": "救护车", "plates": ["湘A12#20"] }]""", "gate.specialVehicles[0].plates: '湘A12#20' contains '#'")]
    [TestCase("""[{ "name": "武警", "prefix": "W J!" }]""", "gate.specialVehicles[0].prefix 'W J!' must be 1–4 letters")]
    public void A_bad_special_vehicle_kind_is_refused_naming_it(string kinds, string message)
    {
        var json = Load();
        json["gate"]!["specialVehicles"] = JsonNode.Parse(kinds);
        Save(json);
        Assert.That(() => ConfigLoader.Load(Folder.Config), Throws.TypeOf<ConfigException>().With.Message.Contain(message));
    }

    [Test]
    public void The_estates_special_vehicles_replace_the_default_kinds()
    {
        var json = Load();
        json["gate"]!["specialVehicles"] = JsonNode.Parse("""[{ "name": "救护车", "nameEn": "ambulance", "plates": ["湘A·12120"] }, { "name": "警车", "suffix": "警" }]""");
        Save(json);
        var specials = ConfigLoader.Load(Folder.Config).Options.ToGateSettings().Rules.Specials;
        Assert.That((specials.Match("湘A12120")?.NameEn, specials.Match("湘A1234警")?.NameEn, specials.Match("WJ12345")), Is.EqualTo(("ambulance", "警车", (ParkingGate.Domain.Plates.SpecialKind?)null)));
        Assert.That(ConfigLoader.Load(Path.Combine(TestContext.CurrentContext.TestDirectory, "config", "parkinggate.json")).Options.ToGateSettings().Rules.Specials, Is.SameAs(ParkingGate.Domain.Plates.SpecialVehicles.Default));
    }

    [Test]
    public void A_broken_tariff_file_is_named_under_its_key()
    {
        var tariff = Path.Combine(Folder.Root, "config", "tariffs", "fenglin-visitor.json");
        File.WriteAllText(tariff, File.ReadAllText(tariff).Replace("\"priceFen\": 100", "\"priceFen\": -100", StringComparison.Ordinal));
        Assert.That(() => ConfigLoader.Load(Folder.Config), Throws.TypeOf<ConfigException>()
            .With.Message.Contain("tariffs.files[0]").And.Message.Contain("rules.steps[1].priceFen: -100 cannot be negative"));
    }

    [Test]
    public void No_tariff_file_is_refused()
    {
        var json = Load();
        json["tariffs"]!["files"] = new JsonArray();
        Save(json);
        Assert.That(() => ConfigLoader.Load(Folder.Config), Throws.TypeOf<ConfigException>().With.Message.Contain("tariffs.files must list"));
    }

    [Test]
    public void A_building_listed_twice_is_named_by_its_index()
    {
        var json = Load();
        json["estate"]!["buildings"]![1]!["number"] = 1;
        Save(json);
        Assert.That(() => ConfigLoader.Load(Folder.Config), Throws.TypeOf<ConfigException>().With.Message.Contain("estate.buildings[1].number 1 is listed twice"));
    }

    [Test]
    public void An_unknown_key_is_refused_naming_it()
    {
        var json = Load();
        json["estate"]!["spaces"]!["visitorSpaces"] = 30;
        Save(json);
        Assert.That(() => ConfigLoader.Load(Folder.Config), Throws.TypeOf<ConfigException>().With.Message.Contain("visitorSpaces"));
    }

    [Test]
    public void A_value_of_the_wrong_type_is_refused_naming_its_key()
    {
        var json = Load();
        json["estate"]!["spaces"]!["total"] = "many";
        Save(json);
        Assert.That(() => ConfigLoader.Load(Folder.Config), Throws.TypeOf<ConfigException>().With.Message.Contain("estate.spaces.total"));
    }

    [Test]
    public void Broken_json_is_refused_with_the_line()
    {
        File.WriteAllText(Folder.Config, "{\n  \"estate\": {\n    \"id\": \"x\",,\n");
        Assert.That(() => ConfigLoader.Load(Folder.Config), Throws.TypeOf<ConfigException>().With.Message.Contain("line 3"));
    }

    [TestCase("""{ "kind": "modbus", "slave": 1 }""", null, "lanes[0].relay.serial.port is required")]
    [TestCase("""{ "kind": "modbus", "serial": { "port": "/dev/ttyUSB0" }, "slave": 300, "coil": 9 }""", null, "lanes[0].relay: slave 300 must be 1–247 and coil 9 0–7")]
    [TestCase("""{ "kind": "modbus", "serial": { "port": "/dev/ttyUSB0", "baud": 9601 } }""", null, "lanes[0].relay.serial.baud 9601")]
    [TestCase("""{ "kind": "modbus", "serial": { "port": "/dev/ttyUSB0" }, "mode": "toggle" }""", null, "lanes[0].relay.mode 'toggle' must be flash (the self-timed command")]
    [TestCase("""{ "kind": "modbus", "serial": { "port": "/dev/ttyUSB0" }, "coil": 40 }""", null, "coil 40 0–7")]
    [TestCase("""{ "kind": "modbus", "serial": { "port": "/dev/ttyUSB0", "parity": "mark" } }""", null, "parity 'mark' must be none, even or odd")]
    [TestCase(null, """{ "kind": "serial", "serial": { "port": "/dev/ttyUSB1" }, "volume": 120 }""", "lanes[0].display: volume 120 must be 0–100")]
    [TestCase(null, """{ "kind": "serial" }""", "lanes[0].display.serial.port is required")]
    [TestCase(null, """{ "kind": "serial", "serial": { "port": "/dev/ttyUSB1" }, "colour": "red" }""", "colour")]
    [TestCase(null, "\"hdmi\"", "lanes[0].display 'hdmi' must be camera")]
    public void A_bad_serial_device_is_refused_naming_its_key(string? relay, string? display, string message)
    {
        var json = Load();
        if (relay is not null)
        {
            json["lanes"]![0]!["relay"] = JsonNode.Parse(relay);
        }

        if (display is not null)
        {
            json["lanes"]![0]!["display"] = JsonNode.Parse(display);
        }

        Save(json);
        Assert.That(() => ConfigLoader.Load(Folder.Config), Throws.TypeOf<ConfigException>().With.Message.Contain(message));
    }

    [TestCase("""{ "rule": "park-anywhere" }""", "gate.extraCars.rule 'park-anywhere' must be allow (let in), visitor (charged as a visitor from entry) or refuse")]
    [TestCase("""{ "rule": "visitor" }""", "gate.extraCars.approval is required for rule visitor")]
    [TestCase("""{ "rule": "refuse", "approval": " " }""", "gate.extraCars.approval is required for rule refuse")]
    public void A_rule_on_more_cars_than_spaces_needs_a_known_rule_and_its_approval(string extraCars, string message)
    {
        var json = Load();
        json["gate"]!["extraCars"] = JsonNode.Parse(extraCars);
        Save(json);
        Assert.That(() => ConfigLoader.Load(Folder.Config), Throws.TypeOf<ConfigException>().With.Message.Contain(message));
    }

    [TestCase("""{ "freeHoursPerMonth": 8 }""", "registry.invitations.approval is required")]
    [TestCase("""{ "freeHoursPerMonth": 0, "approval": "决议" }""", "registry.invitations.freeHoursPerMonth 0 must be between 1 and 744")]
    [TestCase("""{ "freeHoursPerMonth": 8, "approval": "决议", "longestDays": 40 }""", "registry.invitations.longestDays 40 must be between 1 and 31")]
    public void A_visitor_invitation_rule_needs_its_hours_and_the_meetings_approval(string invitations, string message)
    {
        var json = Load();
        json["registry"]!["invitations"] = JsonNode.Parse(invitations);
        Save(json);
        Assert.That(() => ConfigLoader.Load(Folder.Config), Throws.TypeOf<ConfigException>().With.Message.Contain(message));
    }

    [TestCase("""{ "bind": "gate-pc" }""", "http.bind 'gate-pc' is not an IP address")]
    [TestCase("""{ "port": 1883 }""", "http.port 1883 must be a TCP port of its own")]
    [TestCase("""{ "maxBodyKb": 100000 }""", "http.maxBodyKb 100000 must be between 16 and 16384")]
    [TestCase("""{ "headerTimeoutSeconds": 0 }""", "http.headerTimeoutSeconds 0 must be between 1 and 60")]
    [TestCase("""{ "devices": [{ "kind": "hikvision-xyz", "id": "a", "secret": "0123456789abcdef" }] }""", "http.devices[0].kind 'hikvision-xyz' must be")]
    [TestCase("""{ "devices": [{ "kind": "vzenith-http", "id": "a", "secret": "short" }] }""", "http.devices[0].secret must be unique, 16–64 letters")]
    [TestCase("""{ "devices": [{ "kind": "vzenith-http", "id": "a", "secret": "0123456789abcdef" }, { "kind": "vzenith-http", "id": "b", "secret": "0123456789abcdef" }] }""", "http.devices[1].secret must be unique")]
    [TestCase("""{ "devices": [{ "kind": "vzenith-http", "id": "a", "secret": "0123456789abcdef", "from": "camera-1" }] }""", "http.devices[0].from 'camera-1' is not an IP address")]
    [TestCase("""{ "tls": true }""", "http.tls needs http.certificate and http.certificateKey")]
    public void A_bad_device_listener_setting_is_refused_naming_its_key(string http, string message)
    {
        var json = Load();
        json["http"] = JsonNode.Parse(http);
        Save(json);
        Assert.That(() => ConfigLoader.Load(Folder.Config), Throws.TypeOf<ConfigException>().With.Message.Contain(message));
    }

    [Test]
    public void A_lane_on_a_pushing_camera_needs_it_listed_with_its_secret_and_may_use_its_barrier_board_and_loop()
    {
        var json = Load();
        json["lanes"]![0]!["camera"] = JsonNode.Parse("""{ "kind": "vzenith-http", "id": "sn-in-9" }""");
        json["lanes"]![0]!["loopInput"] = 1;
        Save(json);
        Assert.That(() => ConfigLoader.Load(Folder.Config), Throws.TypeOf<ConfigException>().With.Message.Contain("lanes[0].camera: a vzenith-http camera 'sn-in-9' must be listed in http.devices with its secret"));

        json["http"] = JsonNode.Parse("""{ "devices": [{ "kind": "vzenith-http", "id": "sn-in-9", "secret": "0123456789abcdef" }] }""");
        Save(json);
        var lane = ConfigLoader.Load(Folder.Config).Options.Lanes[0];
        Assert.That((lane.Camera.Device!.Link, lane.Relay.Kind, lane.Display.Kind, lane.LoopInput), Is.EqualTo((ParkingGate.Devices.Families.DeviceLink.Http, "camera", "camera", (int?)1)));
    }

    [Test]
    public void Serial_cameras_need_a_good_pattern_an_encoding_and_their_port_alone()
    {
        var json = Load();
        json["lanes"]![0]!["camera"] = JsonNode.Parse("""{ "kind": "serial", "serial": { "port": "/dev/ttyUSB0" }, "encoding": "big5", "pattern": "[A-Z]+" }""");
        json["lanes"]![0]!["relay"] = JsonNode.Parse("""{ "kind": "modbus", "serial": { "port": "/dev/ttyUSB0" } }""");
        json["lanes"]![0]!["display"] = "none";
        json["lanes"]![1]!["relay"] = JsonNode.Parse("""{ "kind": "modbus", "serial": { "port": "/dev/ttyUSB1", "baud": 19200 }, "slave": 2 }""");
        json["lanes"]![1]!["display"] = JsonNode.Parse("""{ "kind": "serial", "serial": { "port": "/dev/ttyUSB1" } }""");
        Save(json);
        var e = Assert.Throws<ConfigException>(() => ConfigLoader.Load(Folder.Config))!;
        Assert.That(e.Message, Does.Contain("lanes[0].camera.encoding 'big5' must be gbk or utf-8"));
        Assert.That(e.Message, Does.Contain("lanes[0].camera.pattern '[A-Z]+' has no group named plate"));
        Assert.That(e.Message, Does.Contain("lanes[0].camera.serial and lanes[0].relay.serial share port /dev/ttyUSB0; a serial camera needs its port alone"));
        Assert.That(e.Message, Does.Contain("share bus /dev/ttyUSB1 with different baud"));
    }

    [Test]
    public void The_shipped_serial_example_loads_with_two_relays_on_one_bus()
    {
        var options = ConfigLoader.Load(Path.Combine(Folder.Root, "config", "parkinggate.serial.json")).Options;
        Assert.That(options.Lanes.Select(l => (l.Camera.Kind, l.Relay.Kind, l.Relay.Coil, l.Display.Kind)),
            Is.EqualTo(new[] { ("serial", "modbus", 0, "serial"), ("vzenith", "modbus", 1, "serial") }));
        Assert.That(options.Lanes[0].Relay.Serial!.Port, Is.EqualTo(options.Lanes[1].Relay.Serial!.Port));
    }

    [Test]
    public void A_lane_wired_entirely_over_serial_loads()
    {
        var json = Load();
        json["lanes"]![0]!["camera"] = JsonNode.Parse("""{ "kind": "serial", "serial": { "port": "/dev/ttyUSB0" }, "encoding": "utf-8" }""");
        json["lanes"]![0]!["relay"] = JsonNode.Parse("""{ "kind": "modbus", "serial": { "port": "/dev/ttyUSB1" }, "slave": 1, "coil": 0, "pulseMs": 700 }""");
        json["lanes"]![0]!["display"] = JsonNode.Parse("""{ "kind": "serial", "serial": { "port": "/dev/ttyUSB1" }, "volume": 60 }""");
        json["lanes"]![1]!["relay"] = JsonNode.Parse("""{ "kind": "modbus", "serial": { "port": "/dev/ttyUSB1" }, "slave": 2 }""");
        Save(json);
        var lane = ConfigLoader.Load(Folder.Config).Options.Lanes[0];
        Assert.That((lane.Camera.Kind, lane.Camera.Encoding, lane.Relay.Kind, lane.Relay.Serial!.Port, lane.Display.Kind, lane.Display.Volume, lane.Display.Speak),
            Is.EqualTo(("serial", "utf-8", "modbus", "/dev/ttyUSB1", "serial", 60, true)));
    }

    [Test]
    public void A_missing_file_is_named() =>
        Assert.That(() => ConfigLoader.Load(Path.Combine(Folder.Root, "nope.json")),
            Throws.TypeOf<ConfigException>().With.Message.Contain("nope.json").And.Message.Contain("not found"));

    private JsonNode Load() => JsonNode.Parse(File.ReadAllText(Folder.Config), documentOptions: new() { CommentHandling = System.Text.Json.JsonCommentHandling.Skip })!;

    private void Save(JsonNode json) => File.WriteAllText(Folder.Config, json.ToJsonString());

    private void SetValue(string key, JsonNode? value)
    {
        var json = Load();
        var parts = key.Split('.');
        var node = json;
        foreach (var part in parts[..^1])
        {
            node = node[part]!;
        }

        node[parts[^1]] = value;
        Save(json);
    }
}
