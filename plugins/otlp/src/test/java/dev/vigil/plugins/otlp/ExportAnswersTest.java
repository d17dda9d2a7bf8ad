package dev.vigil.plugins.otlp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.protobuf.UnknownFieldSet;
import org.junit.jupiter.api.Test;

class ExportAnswersTest {

    @Test
    void anErrorIsAGoogleRpcStatusWithTheCodeOfItsHttpStatus() throws Exception {
        byte[] bytes = ExportAnswers.statusProtobuf(ExportAnswers.rpcCode(400), "the body is not a protobuf");
        UnknownFieldSet fields = UnknownFieldSet.parseFrom(bytes);
        assertEquals(3L, fields.getField(1).getVarintList().getFirst(), "INVALID_ARGUMENT");
        assertEquals("the body is not a protobuf", fields.getField(2).getLengthDelimitedList().getFirst()
                .toStringUtf8());
        assertEquals(16, ExportAnswers.rpcCode(401));
        assertEquals(7, ExportAnswers.rpcCode(403));
        assertEquals(8, ExportAnswers.rpcCode(413));
        assertEquals(14, ExportAnswers.rpcCode(503));
    }
}
