using System.Text.Json;
using System.Text.Json.Serialization;

namespace ParkingGate.Gate.Configuration;

/// <summary>Reads a lane's <c>display</c> as a plain kind (<c>"camera"</c>, <c>"none"</c>) or as an object with settings.</summary>
internal sealed class DisplayOptionsConverter : JsonConverter<DisplayOptions>
{
    public override DisplayOptions Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.String
            ? new DisplayOptions { Kind = reader.GetString()! }
            : JsonSerializer.Deserialize<Fields>(ref reader, options) ?? throw new JsonException("display must be a kind or an object");

    public override void Write(Utf8JsonWriter writer, DisplayOptions value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(value);
        writer.WriteStartObject();
        writer.WriteString("kind", value.Kind);
        if (value.Serial is not null)
        {
            writer.WritePropertyName("serial");
            JsonSerializer.Serialize(writer, value.Serial, options);
        }

        writer.WriteNumber("volume", value.Volume);
        writer.WriteBoolean("speak", value.Speak);
        writer.WriteNumber("lines", value.Lines);
        writer.WriteNumber("lineWidth", value.LineWidth);
        writer.WriteNumber("replyTimeoutMs", value.ReplyTimeoutMs);
        writer.WriteEndObject();
    }

    /// <summary>The same settings without this converter, so the object form is read field by field (strictly).</summary>
    private sealed class Fields : DisplayOptions
    {
        public Fields() => Kind = "serial";
    }
}
