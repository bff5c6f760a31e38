// investtrackd's errors in words an office user can act on. The server's English message is kept
// after the Chinese one: it names the exact field or filter term that was wrong.
import { Code, ConnectError } from "@connectrpc/connect";

const explanations: Partial<Record<Code, string>> = {
  [Code.InvalidArgument]: "请求有误",
  [Code.NotFound]: "找不到该项目或记录",
  [Code.AlreadyExists]: "记录已存在",
  [Code.PermissionDenied]: "当前令牌无权执行此操作",
  [Code.Unauthenticated]: "未登录或令牌无效，请在右上角输入访问令牌",
  [Code.Aborted]: "该项目已被他人修改，请刷新后再改",
  [Code.FailedPrecondition]: "当前状态下不能执行此操作",
  [Code.ResourceExhausted]: "服务器繁忙，请稍后再试",
  [Code.Unavailable]: "暂时连不上服务器，请稍后再试",
  [Code.DeadlineExceeded]: "服务器响应超时，请稍后再试",
  [Code.Canceled]: "请求已取消",
  [Code.Internal]: "服务器内部错误",
  [Code.Unimplemented]: "服务器不支持此操作",
};

export function describeError(error: unknown): string {
  const e = ConnectError.from(error);
  const chinese = explanations[e.code] ?? "操作失败";
  return e.rawMessage ? `${chinese}（${e.rawMessage}）` : chinese;
}

export function errorCode(error: unknown): Code {
  return ConnectError.from(error).code;
}
