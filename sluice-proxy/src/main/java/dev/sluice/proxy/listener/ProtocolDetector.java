package dev.sluice.proxy.listener;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.http2.Http2CodecUtil;
import io.netty.handler.timeout.IdleStateEvent;
import java.util.List;

/**
 * Looks at the first bytes of a connection: the HTTP/2 client preface means h2c with prior
 * knowledge, anything else is HTTP/1.x. Then it installs the right pipeline and steps aside.
 */
final class ProtocolDetector extends ByteToMessageDecoder {
    private static final ByteBuf PREFACE = Http2CodecUtil.connectionPrefaceBuf().asReadOnly();

    private final PipelineFactory pipelines;

    ProtocolDetector(PipelineFactory pipelines) {
        this.pipelines = pipelines;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        int n = Math.min(in.readableBytes(), PREFACE.readableBytes());
        if (!ByteBufUtil.equals(in, in.readerIndex(), PREFACE, PREFACE.readerIndex(), n)) {
            pipelines.http1(ctx.pipeline());
        } else if (n == PREFACE.readableBytes()) {
            pipelines.http2(ctx.pipeline());
        } else {
            return; // a prefix of the preface: wait for more bytes
        }
        ctx.pipeline().remove(this);
    }

    /**
     * A connection that sent nothing for the listener's idle time (or is drained before its first
     * byte) has no protocol handler yet to close it: closed here.
     */
    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof IdleStateEvent || evt == DrainSignal.INSTANCE) {
            ctx.close();
            return;
        }
        super.userEventTriggered(ctx, evt);
    }
}
